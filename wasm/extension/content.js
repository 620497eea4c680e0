/**
 * The content script: watches text fields and contenteditable chat boxes, and when the user
 * submits (Enter, a form submit, or a click on a send button), has the extension's service worker
 * screen the text with the on-device guard first. A flagged or blocked text is held back and an
 * inline warning names the categories: `block` lets the user only edit, `flag` also offers "Send
 * anyway". Allowed text goes through untouched.
 *
 * Texts are screened as they are typed (after a short pause), so that a submit of allowed text
 * is never delayed; a submit that comes before its verdict is held, screened, then replayed.
 * Thresholds and actions are the guard's (the policy); this script only shows the verdict.
 */
(() => {
  'use strict';

  /** Fields that hold a message being written. */
  const FIELD = [
    'textarea',
    'input:not([type])',
    'input[type="text"]',
    'input[type="search"]',
    '[contenteditable=""]',
    '[contenteditable="true"]',
    '[contenteditable="plaintext-only"]',
  ].join(',');
  /** Buttons that send what was typed. */
  const SEND_BUTTON = 'button, input[type="submit"], [role="button"]';
  const SEND_WORDS = /\b(send|submit|post|ask)\b/i;
  /** Milliseconds of typing pause before a text is screened ahead of its submit. */
  const TYPING_PAUSE_MS = 200;
  /** Verdicts kept, by text. */
  const CACHE_SIZE = 64;

  /** @type {Map<string, Promise<Screened>>} */
  const verdicts = new Map();
  /** Texts the user chose to send anyway, by field. @type {WeakMap<Element, string>} */
  const sendAnyway = new WeakMap();
  /** The field the user last typed in. @type {Element | null} */
  let lastField = null;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let typingTimer;

  /**
   * The service worker's answer for one text.
   * @typedef {{ok: true, verdict: {action: string, fired: string[], labels: Record<string, number>,
   *   deny_terms?: string[]}, labels: {name: string, description: string}[]}
   *   | {ok: false, error: string}} Screened
   */

  /** @param {EventTarget | null} node @returns {Element | null} */
  function fieldOf(node) {
    return node instanceof Element ? node.closest(FIELD) : null;
  }

  /** @param {Element} field @returns {string} */
  function textOf(field) {
    if (field instanceof HTMLTextAreaElement || field instanceof HTMLInputElement) return field.value;
    return field instanceof HTMLElement ? field.innerText : field.textContent ?? '';
  }

  /** Screens a text once (cached). @param {string} text @returns {Promise<Screened>} */
  function screen(text) {
    let pending = verdicts.get(text);
    if (!pending) {
      pending = chrome.runtime
        .sendMessage({ type: 'check', text })
        .catch((error) => ({ ok: false, error: String(error?.message ?? error) }));
      verdicts.set(text, pending);
      if (verdicts.size > CACHE_SIZE) verdicts.delete(verdicts.keys().next().value);
      pending.then((answer) => {
        if (!answer?.ok) verdicts.delete(text); // retry errors on the next submit
      });
    }
    return pending;
  }

  /** The verdict for a text if it is already known. @type {Map<string, Screened>} */
  const settled = new Map();

  /** @param {string} text */
  function prescreen(text) {
    screen(text).then((answer) => {
      settled.set(text, answer);
      if (settled.size > CACHE_SIZE) settled.delete(settled.keys().next().value);
    });
  }

  /**
   * Decides on a submit: `pass` lets the event through; otherwise the event is stopped and
   * `replay` re-issues it once the text is allowed (or sent anyway).
   * @param {Event} event
   * @param {Element} field
   * @param {() => void} replay
   */
  function intercept(event, field, replay) {
    const text = textOf(field);
    if (!text.trim() || sendAnyway.get(field) === text) return;
    const known = settled.get(text);
    if (known?.ok && known.verdict.action === 'allow') return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (known) {
      decide(field, text, known, replay);
      return;
    }
    field.setAttribute('aria-busy', 'true');
    screen(text).then((answer) => {
      field.removeAttribute('aria-busy');
      settled.set(text, answer);
      decide(field, text, answer, replay);
    });
  }

  /**
   * @param {Element} field @param {string} text @param {Screened} answer @param {() => void} replay
   */
  function decide(field, text, answer, replay) {
    if (textOf(field) !== text) return; // edited meanwhile: the next submit decides
    if (answer.ok && answer.verdict.action === 'allow') {
      removeWarning();
      replay();
      return;
    }
    showWarning(field, answer, () => {
      sendAnyway.set(field, text);
      replay();
    });
  }

  // ---- the warning ---------------------------------------------------------------------------

  /** @type {{host: HTMLElement, field: Element, place: () => void} | null} */
  let warning = null;

  function removeWarning() {
    if (!warning) return;
    warning.host.remove();
    removeEventListener('scroll', warning.place, true);
    removeEventListener('resize', warning.place);
    warning = null;
  }

  /**
   * Shows the inline warning above (or below) a field.
   * @param {Element} field @param {Screened} answer @param {() => void} send
   */
  function showWarning(field, answer, send) {
    removeWarning();
    const host = document.createElement('div');
    host.dataset.edgeguard = 'warning';
    const root = host.attachShadow({ mode: 'open' });
    const action = answer.ok ? answer.verdict.action : 'error';
    host.dataset.action = action;
    host.setAttribute('role', 'alert');

    const box = el('div', 'box ' + action);
    const title = el('strong', 'title');
    const detail = el('div', 'detail');
    if (answer.ok) {
      const { verdict, labels } = answer;
      host.dataset.labels = verdict.fired.join(' ');
      title.textContent =
        action === 'block' ? 'edgeguard blocked this message' : 'edgeguard flagged this message';
      const reasons = labels.map(
        ({ name, description }) =>
          `${name} (${description}, ${Math.round((verdict.labels[name] ?? 0) * 100)}%)`,
      );
      for (const term of verdict.deny_terms ?? []) reasons.push(`blocked term “${term}”`);
      detail.textContent =
        `Category: ${reasons.join(', ')}. ` +
        (action === 'block' ? 'Edit the message to send it.' : 'Edit it, or send it anyway.');
    } else {
      title.textContent = 'edgeguard could not screen this message';
      detail.textContent = answer.error;
    }
    const buttons = el('div', 'buttons');
    const edit = el('button', 'edit');
    edit.textContent = 'Edit';
    edit.addEventListener('click', () => {
      removeWarning();
      if (field instanceof HTMLElement) field.focus();
    });
    buttons.append(edit);
    if (action !== 'block') {
      const anyway = el('button', 'send-anyway');
      anyway.textContent = 'Send anyway';
      anyway.addEventListener('click', () => {
        removeWarning();
        send();
      });
      buttons.append(anyway);
    }
    box.append(title, detail, buttons);
    const style = document.createElement('style');
    style.textContent = STYLE;
    root.append(style, box);

    const place = () => {
      const rect = field.getBoundingClientRect();
      const above = rect.top > 120;
      Object.assign(host.style, {
        position: 'fixed',
        zIndex: '2147483647',
        left: `${Math.max(8, rect.left)}px`,
        width: `${Math.max(260, Math.min(rect.width, innerWidth - 16))}px`,
        top: above ? '' : `${rect.bottom + 6}px`,
        bottom: above ? `${innerHeight - rect.top + 6}px` : '',
      });
    };
    place();
    addEventListener('scroll', place, true);
    addEventListener('resize', place);
    document.documentElement.append(host);
    warning = { host, field, place };
  }

  /** @param {string} tag @param {string} className */
  function el(tag, className) {
    const node = document.createElement(tag);
    node.className = className;
    return node;
  }

  const STYLE = `
    .box { font: 14px/1.4 system-ui, sans-serif; color: #1f1f1f; background: #fff8e1;
           border: 1px solid #f0b429; border-left: 5px solid #f0b429; border-radius: 8px;
           padding: 10px 12px; box-shadow: 0 4px 16px rgba(0,0,0,.15); }
    .box.block { background: #fdecea; border-color: #d93025; }
    .box.error { background: #eef1f5; border-color: #5f6368; }
    .title { display: block; margin-bottom: 2px; }
    .buttons { margin-top: 8px; display: flex; gap: 8px; }
    button { font: inherit; padding: 4px 12px; border-radius: 6px; border: 1px solid #888;
             background: #fff; cursor: pointer; }
    button.send-anyway { border-color: #b06000; color: #b06000; }
  `;

  // ---- the events ------------------------------------------------------------------------------

  // A new policy (saved from the options page) changes verdicts: forget the cached ones.
  chrome.storage.onChanged.addListener((_changes, area) => {
    if (area !== 'local') return;
    verdicts.clear();
    settled.clear();
  });

  addEventListener(
    'input',
    (event) => {
      const field = fieldOf(event.target);
      if (!field) return;
      lastField = field;
      if (warning?.field === field) removeWarning();
      clearTimeout(typingTimer);
      const text = textOf(field);
      if (text.trim()) typingTimer = setTimeout(() => prescreen(text), TYPING_PAUSE_MS);
    },
    true,
  );

  addEventListener(
    'keydown',
    (event) => {
      if (event.key === 'Escape' && warning) {
        removeWarning();
        return;
      }
      if (event.key !== 'Enter' || event.shiftKey || event.isComposing || !event.isTrusted) return;
      const field = fieldOf(event.target);
      if (!field) return;
      lastField = field;
      const init = {
        key: 'Enter',
        code: 'Enter',
        keyCode: 13,
        which: 13,
        bubbles: true,
        cancelable: true,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
      };
      intercept(event, field, () => {
        const form = field.closest('form');
        const handled = !field.dispatchEvent(new KeyboardEvent('keydown', init));
        field.dispatchEvent(new KeyboardEvent('keypress', init));
        field.dispatchEvent(new KeyboardEvent('keyup', init));
        // Enter in a single-line input submits its form when no script took the key.
        if (!handled && form && field instanceof HTMLInputElement) form.requestSubmit();
      });
    },
    true,
  );

  addEventListener(
    'submit',
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement)) return;
      const field =
        lastField && form.contains(lastField) ? lastField : form.querySelector(FIELD);
      if (!field) return;
      const submitter = /** @type {SubmitEvent} */ (event).submitter;
      intercept(event, field, () => form.requestSubmit(submitter ?? undefined));
    },
    true,
  );

  addEventListener(
    'click',
    (event) => {
      if (!event.isTrusted) return;
      const button = event.target instanceof Element ? event.target.closest(SEND_BUTTON) : null;
      if (!button || button.closest('[data-edgeguard]')) return;
      const form = button.closest('form');
      const isSubmit =
        form && (button.matches('input[type="submit"]') ||
          (button instanceof HTMLButtonElement && button.type === 'submit'));
      if (isSubmit) return; // the submit event decides
      const label = [
        button.getAttribute('aria-label'),
        button.getAttribute('title'),
        button.getAttribute('data-testid'),
        button.textContent,
      ].join(' ');
      if (!SEND_WORDS.test(label)) return;
      const field = form?.querySelector(FIELD) ?? lastField;
      if (!field || !field.isConnected) return;
      intercept(event, field, () => /** @type {HTMLElement} */ (button).click());
    },
    true,
  );
})();
