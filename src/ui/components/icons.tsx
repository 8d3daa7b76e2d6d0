/**
 * The UI's icons: small inline SVGs drawn with `currentColor`, so they render on every system
 * (no emoji font needed) and follow the text colour and theme. Without `label` an icon is
 * decorative (`aria-hidden`); with one it is an image with that accessible name.
 */
import type { ComponentChildren } from 'preact';

interface IconProps {
  label?: string;
  class?: string;
}

function Svg({ label, class: cls, children }: IconProps & { children: ComponentChildren }) {
  const a11y = label ? { role: 'img' as const, 'aria-label': label } : { 'aria-hidden': true as const };
  return (
    <svg
      class={`icon${cls ? ` ${cls}` : ''}`}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      stroke-width="1.6"
      stroke-linecap="round"
      stroke-linejoin="round"
      focusable="false"
      {...a11y}
    >
      {children}
    </svg>
  );
}

/** Closed padlock: the vault is locked. */
export const LockIcon = (p: IconProps) => (
  <Svg {...p}>
    <rect x="3" y="7" width="10" height="7" rx="1.5" />
    <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" />
  </Svg>
);

/** Open padlock: unlocked. */
export const UnlockIcon = (p: IconProps) => (
  <Svg {...p}>
    <rect x="3" y="7" width="10" height="7" rx="1.5" />
    <path d="M5.5 7V5a2.5 2.5 0 0 1 4.9-.7" />
  </Svg>
);

export const CheckIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M3 8.5l3.2 3L13 4.5" />
  </Svg>
);

/** Triangle with an exclamation mark: warning. */
export const WarningIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M8 2L14.5 13.5h-13z" />
    <path d="M8 6.5v3" />
    <path d="M8 11.6v.1" />
  </Svg>
);

/** Octagon with an exclamation mark: critical, error. */
export const CriticalIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M5.5 1.5h5l4 4v5l-4 4h-5l-4-4v-5z" />
    <path d="M8 4.8v3.7" />
    <path d="M8 10.9v.1" />
  </Svg>
);

/** Circle with an x: expired. */
export const ExpiredIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="8" cy="8" r="6" />
    <path d="M5.8 5.8l4.4 4.4M10.2 5.8l-4.4 4.4" />
  </Svg>
);

export const InfoIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="8" cy="8" r="6" />
    <path d="M8 7.3v3.7" />
    <path d="M8 4.9v.1" />
  </Svg>
);

export const QuestionIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="8" cy="8" r="6" />
    <path d="M6.2 6.2a1.9 1.9 0 1 1 2.6 1.8c-.5.2-.8.6-.8 1.1v.3" />
    <path d="M8 11.3v.1" />
  </Svg>
);

/** A chain link: re-link the seller. */
export const LinkIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M6.8 9.2a2.6 2.6 0 0 0 3.7 0l2.2-2.2a2.6 2.6 0 0 0-3.7-3.7l-.7.7" />
    <path d="M9.2 6.8a2.6 2.6 0 0 0-3.7 0L3.3 9a2.6 2.6 0 0 0 3.7 3.7l.7-.7" />
  </Svg>
);

/** Circular arrow: refresh a token. */
export const RefreshIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M13 8a5 5 0 1 1-1.5-3.6" />
    <path d="M13 2.5v3h-3" />
  </Svg>
);

/** Two sheets: copy. */
export const CopyIcon = (p: IconProps) => (
  <Svg {...p}>
    <rect x="5.5" y="5.5" width="8" height="8" rx="1.2" />
    <path d="M10.5 3.5V3a1 1 0 0 0-1-1H3a1 1 0 0 0-1 1v6.5a1 1 0 0 0 1 1h.5" />
  </Svg>
);

/** An eye: reveal. */
export const EyeIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M1.5 8S4 3.5 8 3.5 14.5 8 14.5 8 12 12.5 8 12.5 1.5 8 1.5 8z" />
    <circle cx="8" cy="8" r="2" />
  </Svg>
);

export const SearchIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="7" cy="7" r="4.5" />
    <path d="M10.5 10.5L14 14" />
  </Svg>
);

export const CloseIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M4 4l8 8M12 4l-8 8" />
  </Svg>
);

/** A gear: settings, options page. */
export const SettingsIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="8" cy="8" r="2.2" />
    <path d="M8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4" />
  </Svg>
);

/** An empty circle: a step still to do. */
export const TodoIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="8" cy="8" r="6" />
  </Svg>
);

/** A filled check in a circle: a step done. */
export const DoneIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="8" cy="8" r="6" />
    <path d="M5.2 8.3l2 1.9 3.6-4" />
  </Svg>
);
