/**
 * Clipboard wipe for copied secrets. The page that copies writes the value (it is focused: the
 * user just clicked) and asks for a wipe; 60 s later the worker wipes the clipboard through an
 * offscreen document, whether or not the page is still open or focused (the user has usually
 * switched away to paste, and a popup closes as soon as it loses focus).
 */
import { getSession, removeSession, setSession, type Handler } from '../infra';

export const CLIPBOARD_ALARM = 'clipboard-wipe';
export const CLIPBOARD_WIPE_MS = 60_000;
const OFFSCREEN_URL = 'src/offscreen/clipboard.html';
const PENDING = 'clipboard.wipeAt';

export async function scheduleClipboardWipe(): Promise<{ wipeAt: number }> {
  const wipeAt = Date.now() + CLIPBOARD_WIPE_MS;
  await setSession({ [PENDING]: wipeAt });
  await chrome.alarms.create(CLIPBOARD_ALARM, { when: wipeAt });
  return { wipeAt };
}

export async function onClipboardAlarm(): Promise<void> {
  if ((await getSession<number>(PENDING)) === undefined) return;
  if (!(await chrome.offscreen.hasDocument())) {
    await chrome.offscreen.createDocument({
      url: OFFSCREEN_URL,
      reasons: [chrome.offscreen.Reason.CLIPBOARD],
      justification: 'Wipe a secret the user copied from the clipboard after 60 seconds.',
    });
  }
  try {
    const r = (await chrome.runtime.sendMessage({ target: 'offscreen-clipboard', type: 'wipe' })) as { wiped?: boolean } | undefined;
    if (r?.wiped) await removeSession(PENDING);
  } finally {
    await chrome.offscreen.closeDocument().catch(() => undefined);
  }
}

export const clipboardHandlers: { 'clipboard.scheduleWipe': Handler<'clipboard.scheduleWipe'> } = {
  'clipboard.scheduleWipe': () => scheduleClipboardWipe(),
};
