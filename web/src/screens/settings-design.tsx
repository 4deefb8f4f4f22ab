import { useEffect, useState } from 'preact/hooks';
import { contrastChecks } from '#shared/domain/design';
import { ApiError, api } from '../api';
import type { ContrastCheck, Design, PublicConfig } from '../api-types';
import { ErrorNotice, Loading } from '../components/error-notice';
import { designProperties } from '../design-style';
import { session } from '../session';
import { useSubmit } from '../use-submit';
import { useSignedIn } from './guard';

const COLORS = [
  ['backgroundColor', 'Background'],
  ['textColor', 'Text'],
  ['linkColor', 'Links'],
  ['sidebarFillColor', 'Sidebar'],
  ['sidebarBorderColor', 'Sidebar border'],
] as const;

const PAIRS: Record<ContrastCheck['pair'], string> = {
  textOnBackground: 'Text on background',
  textOnSidebar: 'Text on sidebar',
  linkOnBackground: 'Links on background',
  linkOnSidebar: 'Links on sidebar',
};

/**
 * The page design: the presets of GET /v1/config, colour pickers, a live preview, and live contrast feedback
 * from the very function PATCH /v1/me checks with (shared/domain/design.ts).
 */
export function DesignSettings() {
  const me = useSignedIn();
  const [config, setConfig] = useState<PublicConfig | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  useEffect(() => {
    api.config().then(setConfig, setError);
  }, []);
  if (error) return <ErrorNotice error={error} />;
  if (!me || !config) return <Loading />;
  return <DesignForm initial={me.design} presets={config.profiles.design.presets} />;
}

function DesignForm({
  initial,
  presets,
}: {
  initial: Design;
  presets: PublicConfig['profiles']['design']['presets'];
}) {
  const [design, setDesign] = useState<Design>(initial);
  const [saved, setSaved] = useState(false);
  const checks = contrastChecks(design);
  const form = useSubmit(
    () => {
      setSaved(false);
      return api.updateMe({ design });
    },
    (updated) => {
      const current = session.get();
      if (current.status === 'signed-in')
        session.set({ status: 'signed-in', me: { ...current.me, ...updated } });
      setSaved(true);
    },
  );
  const refused =
    form.error instanceof ApiError && form.error.code === 'low_contrast'
      ? (form.error.details as { contrast?: ContrastCheck[] }).contrast
      : undefined;
  return (
    <section aria-labelledby="design-settings" class="design-settings">
      <h2 id="design-settings">Design</h2>
      <fieldset class="presets">
        <legend>Start from a preset</legend>
        {Object.entries(presets).map(([name, preset]) => (
          <button key={name} type="button" class="preset" onClick={() => setDesign({ ...design, ...preset })}>
            {name}
          </button>
        ))}
      </fieldset>
      <form onSubmit={form.submit}>
        <div class="color-grid">
          {COLORS.map(([key, label]) => (
            <div class="field" key={key}>
              <label for={`color-${key}`}>{label}</label>
              <input
                id={`color-${key}`}
                name={key}
                type="color"
                value={design[key]}
                onInput={(event) => setDesign({ ...design, [key]: event.currentTarget.value.toLowerCase() })}
              />
              <code>{design[key]}</code>
            </div>
          ))}
        </div>
        <div class="field">
          <label for="design-image">Background image (https URL, optional)</label>
          <input
            id="design-image"
            name="backgroundImageUrl"
            type="url"
            value={design.backgroundImageUrl ?? ''}
            onInput={(event) =>
              setDesign({ ...design, backgroundImageUrl: event.currentTarget.value.trim() || null })
            }
          />
        </div>
        <label class="choice">
          <input
            type="checkbox"
            checked={design.backgroundTile}
            onChange={(event) => setDesign({ ...design, backgroundTile: event.currentTarget.checked })}
          />{' '}
          Tile the background image
        </label>
        <ContrastReport checks={checks} title="Readability" live />
        {refused ? (
          <ContrastReport checks={refused} title="Not saved: this design is hard to read" />
        ) : (
          <ErrorNotice error={form.error} />
        )}
        {saved ? (
          <p class="notice notice-ok" role="status">
            Design saved.
          </p>
        ) : null}
        <button type="submit" disabled={form.busy}>
          {form.busy ? 'Saving…' : 'Save design'}
        </button>
      </form>
      <figure
        class="user-page design-preview"
        style={designProperties(design)}
        aria-label="Preview of the design"
      >
        <div class="user-main">
          <p>
            Page text, with <a href="#design-settings">links in the link colour</a>.
          </p>
        </div>
        <div class="user-sidebar">
          <p>
            Sidebar text, with <a href="#design-settings">sidebar links</a>.
          </p>
        </div>
      </figure>
    </section>
  );
}

function ContrastReport({
  checks,
  title,
  live = false,
}: {
  checks: readonly ContrastCheck[];
  title: string;
  live?: boolean;
}) {
  const failing = checks.some((check) => !check.passes);
  return (
    <div
      class={failing ? 'contrast contrast-failing' : 'contrast'}
      role={live ? 'status' : 'alert'}
      data-testid={live ? 'contrast-live' : 'contrast-refused'}
    >
      <h3>{title}</h3>
      <ul>
        {checks.map((check) => (
          <li key={check.pair} class={check.passes ? 'pass' : 'fail'}>
            {PAIRS[check.pair]}: {check.ratio}:1 {check.passes ? '✓' : `✗ needs ${check.minimum}:1`}
          </li>
        ))}
      </ul>
    </div>
  );
}
