// The log: today's figures, checks per hour, pending sync, search by last 4, and every record in a windowed list.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { StoredRecord } from '../../store/db.js';
import { useApp } from '../context.js';
import { VirtualList } from '../components/VirtualList.js';
import { HourlyChart } from './HourlyChart.js';
import { RecordRow } from './RecordRow.js';
import { SyncPanel } from '../Sync/wire.js';
import './LogScreen.css';

const PAGE = 50;
const ROW = 56;

/** The log screen. */
export function LogScreen(): JSX.Element {
  const { logbook, log, t, settings } = useApp();
  const language = settings.settings.value.language;
  const tr = t.value;
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<StoredRecord[] | null>(null);
  const pages = useRef(new Map<number, StoredRecord[]>());
  const [loaded, setLoaded] = useState(0);
  useEffect(() => {
    const q = query.trim();
    if (q.length < 4) return setFound(null);
    let live = true;
    void log.searchLast4(q).then((rows) => live && setFound(rows));
    return () => {
      live = false;
    };
  }, [query]);

  const loadPage = (p: number): Promise<void> => {
    if (pages.current.has(p)) return Promise.resolve();
    pages.current.set(p, []);
    // A page that cannot be read stays empty (its rows show as loading); the rest of the screen goes on.
    return log
      .recordsPage(p * PAGE, PAGE)
      .then(undefined, () => [] as StoredRecord[])
      .then((rows) => {
        pages.current.set(p, rows);
        setLoaded((n) => n + 1);
      });
  };
  const loadRange = (start: number, end: number) => {
    for (let p = Math.floor(start / PAGE); p <= Math.floor((end - 1) / PAGE); p++) void loadPage(p);
  };
  const rowAt = (i: number): StoredRecord | undefined =>
    found ? found[i] : pages.current.get(Math.floor(i / PAGE))?.[i % PAGE];
  // The newest rows first, the figures after them: IndexedDB answers a database's requests one after another,
  // and on a long log counting every record and reading today's take far longer than the newest page.
  useEffect(() => {
    void loadPage(0).finally(() => void logbook.refresh());
  }, []);
  // A sync while the log is shown moves the pending count: the pages read so far are read again, or their rows
  // would go on saying they wait to sync. Replaced when read, never cleared, so the list does not blink.
  const pending = logbook.pending.value;
  const shownPending = useRef(pending);
  useEffect(() => {
    if (shownPending.current === pending) return;
    shownPending.current = pending;
    for (const p of [...pages.current.keys()])
      void log.recordsPage(p * PAGE, PAGE).then(
        (rows) => {
          pages.current.set(p, rows);
          setLoaded((n) => n + 1);
        },
        () => undefined,
      );
  }, [pending]);

  const today = logbook.today.value;
  const firstPage = loaded > 0 ? (pages.current.get(0)?.length ?? 0) : 0;
  const count = found ? found.length : Math.max(logbook.total.value, firstPage);
  return (
    <section class="log" aria-labelledby="log-title">
      <h1 id="log-title">{tr('log.title')}</h1>
      <div class="stats">
        <p class="stat stat--admit">
          <strong data-stat="admitted">{today?.admitted ?? 0}</strong>
          {tr('log.admitted')}
        </p>
        <p class="stat stat--deny">
          <strong data-stat="denied">{today?.denied ?? 0}</strong>
          {tr('log.denied')}
        </p>
        <p class="stat">
          <strong data-stat="pending">{pending}</strong>
          {tr('log.pending')}
        </p>
      </div>
      {today && <HourlyChart hourly={today.hourly} label={tr('log.hourly')} />}
      {/* After the newest rows too: the widget counts what is pending when it opens. */}
      {loaded > 0 && <SyncPanel language={language} />}
      <label class="log__search">
        <span class="visually-hidden">{tr('log.search')}</span>
        <input
          type="search"
          placeholder={tr('log.search')}
          maxLength={8}
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
        />
      </label>
      <p class="log__total">{found ? `${found.length}` : tr('log.total', { n: logbook.total.value })}</p>
      {count === 0 ? (
        (found || loaded > 0) && <p class="log__empty">{tr('log.empty')}</p>
      ) : (
        <VirtualList
          count={count}
          rowHeight={ROW}
          height={Math.min(count * ROW, 6 * ROW)}
          onRange={found ? undefined : loadRange}
          label={tr('log.title')}
          renderRow={(i) => <RecordRow record={rowAt(i)} language={language} tr={tr} />}
        />
      )}
    </section>
  );
}
