import { render, type ComponentChild } from 'preact';
import { t, uiLanguage } from '../../shared/i18n';
import './base.css';

/** Renders a page's root and sets the document language and title from the locale. */
export function mount(root: ComponentChild, titleKey: string): void {
  document.documentElement.lang = uiLanguage();
  document.title = t(titleKey);
  const el = document.getElementById('app');
  if (el) render(root, el);
}
