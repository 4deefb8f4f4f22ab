import type { ComponentChildren } from 'preact';
import { useTitle } from '../components/layout';
import { Link, useLocation } from '../router';
import { DesignSettings } from './settings-design';
import { PhoneSettings } from './settings-phone';
import { ProfileSettings } from './settings-profile';

/** Settings sections: one list, so a new feature (privacy, export…) adds one entry. */
export const SETTINGS_SECTIONS: readonly { path: string; label: string; screen: () => ComponentChildren }[] =
  [
    { path: '/settings', label: 'Profile', screen: () => <ProfileSettings /> },
    { path: '/settings/design', label: 'Design', screen: () => <DesignSettings /> },
    { path: '/settings/phone', label: 'Phone and SMS', screen: () => <PhoneSettings /> },
  ];

export function Settings() {
  const { path } = useLocation();
  const current = SETTINGS_SECTIONS.find((section) => section.path === path) ?? SETTINGS_SECTIONS[0];
  useTitle(`Settings: ${current?.label ?? ''}`);
  return (
    <div class="settings">
      <h1>Settings</h1>
      <nav aria-label="Settings">
        <ul class="tabs">
          {SETTINGS_SECTIONS.map((section) => (
            <li key={section.path}>
              <Link href={section.path} aria-current={section === current ? 'page' : undefined}>
                {section.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {current?.screen()}
    </div>
  );
}
