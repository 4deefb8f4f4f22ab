import type { ComponentChildren } from 'preact';
import { useTitle } from '../components/layout';
import { Link, useLocation } from '../router';
import { AppsSettings } from './settings-apps';
import { DataSettings } from './settings-data';
import { DesignSettings } from './settings-design';
import { PhoneSettings } from './settings-phone';
import { PrivacySettings } from './settings-privacy';
import { ProfileSettings } from './settings-profile';

/**
 * Settings sections: one list, so a new feature adds one entry. The whole of settings is a chunk of its own,
 * loaded on the first visit (routes.tsx).
 */
export const SETTINGS_SECTIONS: readonly { path: string; label: string; screen: () => ComponentChildren }[] =
  [
    { path: '/settings', label: 'Profile', screen: () => <ProfileSettings /> },
    { path: '/settings/design', label: 'Design', screen: () => <DesignSettings /> },
    { path: '/settings/phone', label: 'Phone and SMS', screen: () => <PhoneSettings /> },
    { path: '/settings/privacy', label: 'Privacy', screen: () => <PrivacySettings /> },
    { path: '/settings/apps', label: 'Apps', screen: () => <AppsSettings /> },
    { path: '/settings/data', label: 'Your data', screen: () => <DataSettings /> },
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
