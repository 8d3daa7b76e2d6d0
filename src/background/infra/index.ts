/** The infra room: what every room stands on: the message router and its coded errors, typed chrome.storage, live updates to pages, settings, and the status answer. */
export { CodedError, countsAsActivity, installRouter, isOwnPage, toErrorValue, type Handler, type Handlers } from './router';
export { allLocal, allSession, getLocal, getSession, removeLocal, removeSession, restrictSessionStorage, setLocal, setSession } from './storage';
export { emit, installPorts, onEmit } from './events';
export { getSettings, updateSettings } from './settings';
export { statusHandlers } from './status';
