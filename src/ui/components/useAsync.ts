import { useCallback, useState } from 'preact/hooks';
import { AppError, type ErrorValue } from '../../shared/messages';

export function asErrorValue(e: unknown): ErrorValue {
  if (e instanceof AppError) return e.toValue();
  return { code: 'internal' };
}

/** Runs an async action, tracking busy state and a coded error for <ErrorNotice>. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorValue | null>(null);
  const run = useCallback(async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      setError(asErrorValue(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
