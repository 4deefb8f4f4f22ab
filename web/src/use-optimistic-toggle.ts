import { useRef, useState } from 'preact/hooks';
import { type CountedToggle, flip } from './toggle';

/**
 * A like or repost button's state, changed at once on click (optimistic) and put back if the request fails; the
 * failure is kept for the screen to show. Clicks while a request runs are ignored, so the server sees them in order.
 */
export function useOptimisticToggle(
  initial: CountedToggle,
  turnOn: () => Promise<unknown>,
  turnOff: () => Promise<unknown>,
) {
  const [state, setState] = useState(initial);
  const [error, setError] = useState<unknown>(undefined);
  const running = useRef(false);
  const toggle = async () => {
    if (running.current) return;
    running.current = true;
    const before = state;
    setState(flip(before));
    setError(undefined);
    try {
      await (before.active ? turnOff() : turnOn());
    } catch (failure) {
      setState(before);
      setError(failure);
    } finally {
      running.current = false;
    }
  };
  return { state, error, toggle };
}
