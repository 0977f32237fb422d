import { Fragment, useEffect, useId, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useStore } from '../store';
import { MOD_KEY } from './modKey';
import { keyBelongsToFocus } from './StepControls';
import { useT } from './useT';
import './keys.css';

/**
 * Every keyboard shortcut on one list: the `?` button, or `?` anywhere outside the editor
 * and text fields. A modal dialog (rendered on <body>, so no pane's scrolling or fading
 * clips it): Escape, `?`, Close or a click beside it closes it, and focus goes back where it
 * was; while it is open no key reaches the page's own listeners (stepping, play, P, the
 * panels' Escape): the dialog takes each one on its way down and stops it there, so a key
 * the page learns later is held as well, with no list to keep.
 */
export function KeysHelp() {
  const t = useT();
  const present = useStore((s) => s.present);
  const [open, setOpen] = useState(false);
  const close = useRef<HTMLButtonElement>(null);
  const titleId = useId();

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key !== '?' || keyBelongsToFocus(e.target, e.key)) return;
      setOpen((o) => !o);
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (!open) return;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    close.current?.focus();
    // Capture on the document: ahead of every listener of the page (the document's own, and
    // React's on its root). Stopping a key does not stop what the browser does with it, so
    // Enter and Space still press Close and the arrows still scroll the list.
    const onKey = (e: KeyboardEvent): void => {
      e.stopPropagation();
      if (e.key === 'Escape' || e.key === '?') {
        e.preventDefault();
        setOpen(false);
      } else if (e.key === 'Tab') {
        // The list's one control keeps the focus (a modal dialog).
        e.preventDefault();
        close.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      if (before?.isConnected) before.focus();
    };
  }, [open]);

  return (
    <>
      <button
        type="button"
        className="button keys-button"
        data-testid="keys-button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-label={t.keys.buttonTitle}
        title={t.keys.buttonTitle}
        onClick={() => setOpen(true)}
      >
        {t.keys.button}
      </button>
      {open
        ? createPortal(
            <div className={present ? 'keys-backdrop keys-present' : 'keys-backdrop'} onPointerDown={(e) => e.target === e.currentTarget && setOpen(false)}>
              <div className="keys-dialog" role="dialog" aria-modal="true" aria-labelledby={titleId} data-testid="keys-dialog">
                <div className="keys-head">
                  <h2 id={titleId}>{t.keys.title}</h2>
                  <button ref={close} type="button" className="button button-small" onClick={() => setOpen(false)}>
                    {t.keys.close}
                  </button>
                </div>
                {t.keys.groups(MOD_KEY).map((group) => (
                  <section key={group.title}>
                    <h3>{group.title}</h3>
                    <table>
                      <tbody>
                        {group.rows.map(([keys, action]) => (
                          <tr key={keys.join(' ')}>
                            <th scope="row">
                              {keys.map((key, i) => (
                                <Fragment key={key}>
                                  {i > 0 ? ' ' : null}
                                  <kbd>{key}</kbd>
                                </Fragment>
                              ))}
                            </th>
                            <td>{action}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </section>
                ))}
              </div>
            </div>,
            document.body,
          )
        : null}
    </>
  );
}
