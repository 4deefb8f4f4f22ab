import { useState } from 'preact/hooks';
import { api, FIRST_PAGE_LIMIT } from '../api';
import type { Post } from '../api-types';
import { ComposeBox } from '../components/compose-box';
import { useTitle } from '../components/layout';
import { Timeline } from '../components/timeline';
import { startEarly, takeEarly } from '../early-reads';
import { Link } from '../router';
import { useSignedIn } from './guard';

/** Signed out: what Skylark is, with the ways in. Signed in: compose and the home timeline. */
export function Home() {
  const me = useSignedIn();
  return me ? <HomeTimeline /> : <Landing />;
}

function Landing() {
  useTitle('');
  return (
    <section class="landing" aria-labelledby="landing-title">
      <h1 id="landing-title">What are you doing?</h1>
      <p class="lead">
        Skylark is a microblog: tell your friends what you are up to, in 140 characters, and follow theirs.
      </p>
      <p class="actions">
        <Link href="/signup" class="button">
          Sign up
        </Link>
        <Link href="/login" class="button button-secondary">
          Log in
        </Link>
      </p>
    </section>
  );
}

const readFirstPage = () => api.timeline(undefined, FIRST_PAGE_LIMIT);

/** The first page may already be on its way (readHomeEarly); later pages are read by cursor. */
const loadTimeline = (cursor?: string) =>
  cursor ? api.timeline(cursor) : takeEarly('timeline', readFirstPage);

/** Home as the first screen: the timeline's first page goes out with GET /v1/me, not after it. */
export function readHomeEarly(_params: Record<string, string>, signedIn: boolean): void {
  if (signedIn) startEarly('timeline', readFirstPage);
}
const postText = (text: string) => api.createPost(text);

function HomeTimeline() {
  useTitle('Home');
  const [own, setOwn] = useState<Post[]>([]);
  return (
    <div class="home">
      <h1 class="visually-hidden">Home</h1>
      <ComposeBox send={postText} onSent={(post) => setOwn((posts) => [post, ...posts])} />
      <Timeline
        load={loadTimeline}
        own={own}
        watchForNew
        label="Home timeline"
        empty="No posts yet. Follow people, or say what you are doing."
      />
    </div>
  );
}
