import { api } from '../api';
import { useTitle } from '../components/layout';
import { Timeline } from '../components/timeline';

const loadMentions = (cursor?: string) => api.mentions(cursor);

export function Mentions() {
  useTitle('Mentions');
  return (
    <div>
      <h1>Mentions</h1>
      <Timeline load={loadMentions} label="Posts that mention you" empty="Nobody has mentioned you yet." />
    </div>
  );
}
