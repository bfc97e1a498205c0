// The cameras this device has, for the picker in Settings (labels appear once camera permission was given).

/** A camera to choose from. */
export interface CameraChoice {
  deviceId: string;
  label: string;
}

/** Lists video inputs; empty where the browser cannot tell. */
export async function listCameras(): Promise<CameraChoice[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  try {
    const devices = await navigator.mediaDevices.enumerateDevices();
    return devices
      .filter((d) => d.kind === 'videoinput' && d.deviceId)
      .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Camera ${i + 1}` }));
  } catch {
    return [];
  }
}
