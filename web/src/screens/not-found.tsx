import { useTitle } from '../components/layout';
import { Link } from '../router';

export function NotFound() {
  useTitle('Not found');
  return (
    <section class="panel" aria-labelledby="not-found">
      <h1 id="not-found">This page does not exist</h1>
      <p>
        <Link href="/">Go home</Link>
      </p>
    </section>
  );
}
