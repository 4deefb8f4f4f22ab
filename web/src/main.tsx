import { render } from 'preact';
import { App } from './app';
import { matchScreen } from './routes';
import { restoreSession } from './session';
import './styles.css';

const root = document.getElementById('app');
if (root) {
  render(<App />, root);
  void restoreSession((signedIn) => {
    const first = matchScreen(window.location.pathname);
    first?.screen.early?.(first.params, signedIn);
  });
}
