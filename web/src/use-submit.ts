import { useState } from 'preact/hooks';
import { ApiError } from './api';

/**
 * A form's submission: busy while the request runs, then the API's field problems (shown next to each field)
 * and its other error (shown above the form).
 */
export function useSubmit<T>(action: () => Promise<T>, onDone: (result: T) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [fields, setFields] = useState<Record<string, string>>({});

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    setFields({});
    try {
      onDone(await action());
    } catch (failure) {
      const problems = failure instanceof ApiError ? failure.fieldProblems() : {};
      setFields(problems);
      // The field list says it all when there is one; other errors (401, 429, …) show above the form.
      if (Object.keys(problems).length === 0) setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, fields, setFields, submit };
}
