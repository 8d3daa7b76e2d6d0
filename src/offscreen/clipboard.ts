/**
 * Offscreen document (reason CLIPBOARD) that wipes a copied secret from the clipboard when no page
 * of ours is focused: the service worker has no clipboard, and `navigator.clipboard` refuses an
 * unfocused document, so this uses `execCommand('copy')` (allowed by the `clipboardWrite`
 * permission) with a copy handler that puts an empty text in place of whatever was there.
 */
export const OFFSCREEN_TARGET = 'offscreen-clipboard';

function wipe(): boolean {
  const onCopy = (e: ClipboardEvent) => {
    e.clipboardData?.setData('text/plain', '');
    e.preventDefault();
  };
  document.addEventListener('copy', onCopy);
  try {
    return document.execCommand('copy');
  } finally {
    document.removeEventListener('copy', onCopy);
  }
}

chrome.runtime.onMessage.addListener((message: unknown, sender, sendResponse: (r: { wiped: boolean }) => void) => {
  if (sender.id !== chrome.runtime.id) return false;
  const m = message as { target?: unknown; type?: unknown } | null;
  if (m?.target !== OFFSCREEN_TARGET || m.type !== 'wipe') return false;
  sendResponse({ wiped: wipe() });
  return false;
});
