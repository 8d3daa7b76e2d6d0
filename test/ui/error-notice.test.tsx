import './setup-i18n';
import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/preact';
import { ErrorNotice } from '../../src/ui/components/ErrorNotice';

describe('<ErrorNotice>', () => {
  it('shows the localized sentence, the next step and the code, announced as an alert', () => {
    render(<ErrorNotice error={{ code: 'background_unreachable' }} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain("The extension's background did not answer.");
    expect(alert.textContent).toContain('Next step: Close and reopen this page');
    expect(alert.textContent).toContain('Code: background_unreachable');
  });
  it('falls back to a generic sentence that names an unknown code', () => {
    render(<ErrorNotice error={{ code: 'brand_new_code' }} />);
    expect(screen.getByRole('alert').textContent).toContain('Something went wrong (code brand_new_code).');
  });
});
