/**
 * The options page: edits the guard's policy (per label: on/off, threshold, action; plus
 * allow/deny terms). Labels, descriptions and actions come from the guard (the Rust taxonomy);
 * the service worker validates, applies and stores the policy.
 */

/** @param {object} message @returns {Promise<any>} */
async function ask(message) {
  const answer = await chrome.runtime.sendMessage(message);
  if (!answer?.ok) throw new Error(answer?.error ?? 'no answer from the extension');
  return answer;
}

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const status = $('status');

/** @param {string} text @param {'ok' | 'error'} kind */
function say(text, kind) {
  status.textContent = text;
  status.className = kind;
}

/** @type {{name: string, description: string}[]} */
let labels = [];

/** Fills the form from a policy spec (every label listed). @param {any} policy @param {string[]} actions */
function render(policy, actions) {
  const body = $('labels');
  body.replaceChildren(
    ...labels.map(({ name, description }) => {
      const rule = policy.labels?.[name] ?? {};
      const row = document.createElement('tr');
      row.dataset.label = name;
      const enabled = Object.assign(document.createElement('input'), {
        type: 'checkbox', checked: rule.enabled !== false, name: 'enabled',
      });
      const threshold = Object.assign(document.createElement('input'), {
        type: 'number', min: '0', max: '1', step: '0.01', name: 'threshold',
        value: String(Math.round((rule.threshold ?? 0.5) * 1000) / 1000),
      });
      const action = document.createElement('select');
      action.name = 'action';
      action.append(...actions.map((a) => new Option(a, a, false, a === rule.action)));
      const cells = [name, description, enabled, threshold, action].map((content) => {
        const cell = document.createElement('td');
        cell.append(content);
        return cell;
      });
      row.append(...cells);
      return row;
    }),
  );
  /** @type {HTMLTextAreaElement} */ ($('deny')).value = (policy.terms?.deny ?? []).join('\n');
  /** @type {HTMLTextAreaElement} */ ($('allow')).value = (policy.terms?.allow ?? []).join('\n');
}

/** The policy spec the form describes. */
function fromForm() {
  /** @type {Record<string, {enabled: boolean, threshold: number, action: string}>} */
  const rules = {};
  for (const row of /** @type {NodeListOf<HTMLTableRowElement>} */ (document.querySelectorAll('#labels tr'))) {
    const input = (/** @type {string} */ name) => /** @type {HTMLInputElement} */ (row.querySelector(`[name="${name}"]`));
    rules[row.dataset.label ?? ''] = {
      enabled: input('enabled').checked,
      threshold: Number(input('threshold').value),
      action: input('action').value,
    };
  }
  const lines = (/** @type {string} */ id) =>
    /** @type {HTMLTextAreaElement} */ ($(id)).value.split('\n').map((t) => t.trim()).filter(Boolean);
  return { name: 'extension', labels: rules, terms: { deny: lines('deny'), allow: lines('allow') } };
}

async function main() {
  const { labels: all, actions } = await ask({ type: 'labels' });
  labels = all;
  const { policy } = await ask({ type: 'getPolicy' });
  render(policy, actions);

  /** @param {object} message @param {string} done */
  async function apply(message, done) {
    try {
      const { policy } = await ask(message);
      render(policy, actions);
      say(done, 'ok');
    } catch (error) {
      say(error instanceof Error ? error.message : String(error), 'error');
    }
  }

  $('policy').addEventListener('submit', (event) => {
    event.preventDefault();
    apply({ type: 'setPolicy', policy: fromForm() }, 'Saved.');
  });
  $('apply-raw').addEventListener('click', () => {
    apply({ type: 'setPolicy', policy: /** @type {HTMLTextAreaElement} */ ($('raw')).value }, 'Pasted policy applied and saved.');
  });
  $('reset').addEventListener('click', () => apply({ type: 'resetPolicy' }, 'Defaults restored.'));
}

main().catch((error) => say(`Cannot load the policy: ${error.message}`, 'error'));
