import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { EmbedApp } from './EmbedApp';
import './app.css';
import './a11y.css';
import './embed.css';

/** Renders the embed into `root`. Loaded after the runtime (or the replay) has started (see embed.tsx). */
export function mountEmbed(root: HTMLElement): void {
  createRoot(root).render(
    <StrictMode>
      <EmbedApp />
    </StrictMode>,
  );
}
