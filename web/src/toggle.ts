/** A toggle with a count (liked + likes, reposted + reposts): what the button shows, before the server says so. */
export interface CountedToggle {
  active: boolean;
  count: number;
}

/** The state after a click: the other state, and the count moved with it (never below zero). */
export function flip(state: CountedToggle): CountedToggle {
  return { active: !state.active, count: Math.max(0, state.count + (state.active ? -1 : 1)) };
}

/** "1 like", "3 reposts". */
export function countLabel(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
