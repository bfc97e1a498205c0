// The sync widget's and enrolment screen's words in the three interface languages.
import type { Language } from '../../store/settings.js';

const en = {
  'sync.title': 'Sync',
  'sync.pending': '{n} waiting to upload',
  'sync.allSynced': 'Everything is uploaded',
  'sync.now': 'Sync now',
  'sync.syncing': 'Uploading {sent} of {total}…',
  'sync.offline': 'Offline: records are kept and uploaded when the network is back',
  'sync.last': 'Last upload {at}',
  'sync.never': 'Not uploaded yet',
  'sync.notEnrolled': 'This device is not enrolled with a server: records stay on the device.',
  'sync.disabled':
    'This device has been disabled by the administrator. Records stay on the device and are not uploaded.',
  'sync.deadTitle': 'Refused by the server ({n} batches) — kept on the device',
  'sync.dead': 'Records {first}–{last}: {message} ({error}, {at})',
  'sync.trust': 'Trust data version {v}',
  'sync.error': 'Problem: {message}',
  'enrol.title': 'Enrol this device',
  'enrol.working': 'Enrolling with {server}…',
  'enrol.done': 'Enrolled for {venue}. The device is ready to scan, also offline.',
  'enrol.start': 'Start scanning',
  'enrol.retry': 'Try again',
  'enrol.network': 'The server cannot be reached. Check the network and try again.',
  'enrol.rootMismatch': 'The server is not the one this link was made for. Do not use this link.',
  'enrol.badBundle': 'The server sent trust data that does not verify. Do not use this server.',
  'enrol.badLink': 'This is not a complete enrolment link.',
} as const;

/** A message key of the sync widget or enrolment screen. */
export type SyncMessageKey = keyof typeof en;

const zhCN: Record<SyncMessageKey, string> = {
  'sync.title': '同步',
  'sync.pending': '{n} 条待上传',
  'sync.allSynced': '全部已上传',
  'sync.now': '立即同步',
  'sync.syncing': '正在上传 {sent} / {total}…',
  'sync.offline': '离线：记录已保存，联网后自动上传',
  'sync.last': '上次上传 {at}',
  'sync.never': '尚未上传',
  'sync.notEnrolled': '本设备尚未登记到服务器：记录只保存在本设备。',
  'sync.disabled': '本设备已被管理员停用。记录保留在本设备，不再上传。',
  'sync.deadTitle': '服务器拒收（{n} 批）——已保留在本设备',
  'sync.dead': '记录 {first}–{last}：{message}（{error}，{at}）',
  'sync.trust': '信任数据版本 {v}',
  'sync.error': '问题：{message}',
  'enrol.title': '登记本设备',
  'enrol.working': '正在向 {server} 登记…',
  'enrol.done': '已登记到 {venue}。设备可以扫码了，离线也可以。',
  'enrol.start': '开始扫码',
  'enrol.retry': '重试',
  'enrol.network': '无法连接服务器。请检查网络后重试。',
  'enrol.rootMismatch': '服务器与此链接不符。请勿使用此链接。',
  'enrol.badBundle': '服务器发来的信任数据无法验证。请勿使用此服务器。',
  'enrol.badLink': '这不是完整的登记链接。',
};

const zhTW: Record<SyncMessageKey, string> = {
  'sync.title': '同步',
  'sync.pending': '{n} 筆待上傳',
  'sync.allSynced': '全部已上傳',
  'sync.now': '立即同步',
  'sync.syncing': '正在上傳 {sent} / {total}…',
  'sync.offline': '離線：紀錄已保存，連網後自動上傳',
  'sync.last': '上次上傳 {at}',
  'sync.never': '尚未上傳',
  'sync.notEnrolled': '本裝置尚未登記到伺服器：紀錄只保存在本裝置。',
  'sync.disabled': '本裝置已被管理員停用。紀錄保留在本裝置，不再上傳。',
  'sync.deadTitle': '伺服器拒收（{n} 批）——已保留在本裝置',
  'sync.dead': '紀錄 {first}–{last}：{message}（{error}，{at}）',
  'sync.trust': '信任資料版本 {v}',
  'sync.error': '問題：{message}',
  'enrol.title': '登記本裝置',
  'enrol.working': '正在向 {server} 登記…',
  'enrol.done': '已登記到 {venue}。裝置可以掃碼了，離線也可以。',
  'enrol.start': '開始掃碼',
  'enrol.retry': '重試',
  'enrol.network': '無法連線伺服器。請檢查網路後重試。',
  'enrol.rootMismatch': '伺服器與此連結不符。請勿使用此連結。',
  'enrol.badBundle': '伺服器傳來的信任資料無法驗證。請勿使用此伺服器。',
  'enrol.badLink': '這不是完整的登記連結。',
};

const catalogues: Record<Language, Record<SyncMessageKey, string>> = { en, 'zh-CN': zhCN, 'zh-TW': zhTW };

/** Looks up a message in a language and fills its `{name}` placeholders. */
export function syncText(
  language: Language,
  key: SyncMessageKey,
  params: Record<string, string | number> = {},
): string {
  return catalogues[language][key].replace(/\{(\w+)\}/g, (m, name: string) => String(params[name] ?? m));
}
