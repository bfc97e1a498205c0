// The security headers of every response: the PWA's Content-Security-Policy and the Permissions-Policy.

/** The Content-Security-Policy of the PWA (and of every response without its own): this origin only, nothing inline. */
export const APP_CSP: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  // The decoder worker compiles zxing-wasm's .wasm; 'wasm-unsafe-eval' allows that and nothing else (no eval).
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'worker-src': ["'self'"],
  'connect-src': ["'self'"],
  'img-src': ["'self'"],
  // Preact sets `style` props through the CSSOM, which CSP does not restrict; the build has no inline <style>.
  'style-src': ["'self'"],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
};

/** The Permissions-Policy: the camera for this origin only; other powerful features for nobody. */
export const PERMISSIONS_POLICY =
  'camera=(self), microphone=(), geolocation=(), payment=(), usb=(), display-capture=()';
