import type { PublicUser } from '../api-types';
import { Link } from '../router';

export function UserCard({ user }: { user: PublicUser }) {
  return (
    <article class="user-card">
      <Link href={`/@${user.username}`}>
        <strong>
          {user.firstName} {user.lastName}
        </strong>{' '}
        <span class="username">@{user.username}</span>
      </Link>
      {user.bio ? <p>{user.bio}</p> : null}
    </article>
  );
}
