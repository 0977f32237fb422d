import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { examplesIn, type Example } from '../examples';
import { loadExample, useStore } from '../store';
import { useT } from './useT';
import './teaching.css';

function menuItems(menu: HTMLElement | null): HTMLElement[] {
  return Array.from(menu?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
}

/** Focuses item `index` of the menu, wrapping around at both ends. */
function focusAt(menu: HTMLElement | null, index: number): void {
  const all = menuItems(menu);
  if (all.length) all[((index % all.length) + all.length) % all.length]?.focus();
}

/**
 * The "Examples" menu in the header: a menu button (Enter, Space or ↓ opens it; ↑/↓,
 * Home/End move; Enter picks; Esc closes). Picking an example loads it into the editor
 * with its explanation; it runs only when Run is pressed.
 */
export function ExamplesMenu() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const current = useStore((s) => s.exampleId);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const id = useId();

  const items = (): HTMLElement[] => menuItems(menu.current);
  const focusItem = (index: number): void => focusAt(menu.current, index);

  // On opening, focus the example in the editor (or the first); close on a click elsewhere.
  useEffect(() => {
    if (!open) return;
    const chosen = menuItems(menu.current).findIndex((el) => el.dataset.example === useStore.getState().exampleId);
    focusAt(menu.current, chosen >= 0 ? chosen : 0);
    const onPointer = (e: PointerEvent): void => {
      if (!menu.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const close = (refocus: boolean): void => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  const choose = (example: Example): void => {
    loadExample(example.id);
    close(true);
  };

  const onButtonKey = (e: KeyboardEvent<HTMLButtonElement>): void => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
    }
  };

  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'ArrowDown') focusItem(at + 1);
    else if (e.key === 'ArrowUp') focusItem(at - 1);
    else if (e.key === 'Home') focusItem(0);
    else if (e.key === 'End') focusItem(all.length - 1);
    else if (e.key === 'Escape') close(true);
    else if (e.key === 'Tab') {
      setOpen(false);
      return;
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };

  const group = (title: string, list: Example[]) => (
    <div role="group" aria-label={title} className="examples-group">
      <div className="examples-group-title" aria-hidden="true">
        {title}
      </div>
      {list.map((example) => (
        <button
          key={example.id}
          type="button"
          role="menuitem"
          tabIndex={-1}
          data-example={example.id}
          aria-current={example.id === current ? 'true' : undefined}
          className="examples-item"
          onClick={() => choose(example)}
        >
          <span className="examples-item-title">{example.title[lang]}</span>
          <span className="examples-item-ends">{t.examples.ends[example.ends]}</span>
        </button>
      ))}
    </div>
  );

  return (
    <div className="examples-menu">
      <button
        ref={button}
        type="button"
        className="button"
        data-testid="examples-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        title={t.examples.menuTitle}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={onButtonKey}
      >
        {t.examples.menu} <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <div ref={menu} id={id} role="menu" aria-label={t.examples.menu} className="examples-popup" data-testid="examples-menu" onKeyDown={onMenuKey}>
          {group(t.examples.seedGroup, examplesIn('seed'))}
          {group(t.examples.moreGroup, examplesIn('more'))}
        </div>
      ) : null}
    </div>
  );
}
