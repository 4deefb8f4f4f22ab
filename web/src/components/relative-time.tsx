import { exactTime, relativeTime } from '../time';

/** "5 minutes ago", with the exact time on hover and for assistive technology (the datetime attribute). */
export function RelativeTime({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={exactTime(iso)}>
      {relativeTime(iso, new Date())}
    </time>
  );
}
