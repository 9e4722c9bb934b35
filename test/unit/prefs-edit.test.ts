/**
 * The prefs edit form, driven through the real @inquirer prompts rendered by
 * @inquirer/testing, with keys scripted per question.
 */
import { confirm, select } from '@inquirer/prompts';
import { render } from '@inquirer/testing';
import { describe, expect, it } from 'vitest';
import { askPreferences, type FormPrompts } from '../../src/cli/commands/prefs/edit.js';
import { workspace } from '../helpers.js';

const data = () =>
  workspace({
    defaults: { customerReplies: false },
    users: [{ id: 'dana', preferences: { customerMessages: 'none', showFromCustomers: false } }],
  });

/** Prompts that render for real and answer with the keys given, one list per question. */
function scripted(keys: string[][], screens: string[]): FormPrompts {
  let question = 0;
  return {
    async select(config) {
      const { answer, events, getScreen } = await render(select, config as never);
      screens.push(getScreen());
      for (const key of keys[question++] ?? []) events.keypress(key);
      events.keypress('enter');
      return (await answer) as string;
    },
    async confirm(config) {
      const { answer, events, getScreen } = await render(confirm, config);
      screens.push(getScreen());
      for (const key of keys[question++] ?? []) events.type(key);
      events.keypress('enter');
      return answer;
    },
  };
}

describe('prefs edit form', () => {
  it('preselects the current value and its source, and explains each question', async () => {
    const screens: string[] = [];
    const said: string[] = [];
    const changes = await askPreferences(data(), 'dana', scripted([], screens), (t) => said.push(t));
    expect(changes).toEqual([]);
    expect(screens).toHaveLength(6);
    expect(screens[2]).toContain('? customer messages — now none (explicit)');
    expect(screens[2]).toContain('❯ none');
    expect(screens[2]).toContain('Which customer messages notify the user');
    expect(screens[4]).toContain('? followed replies to customers — now off (default)');
    expect(screens[4]).toContain('❯ follow the workspace default (off)');
  });

  it('turns the answers into changes, shows them, and saves only after confirmation', async () => {
    const screens: string[] = [];
    const said: string[] = [];
    // access: down from "follow the default" wraps to all-projects; customer messages: none -> follow default; confirm: yes.
    const keys = [['down'], [], ['down'], [], [], [], ['y']];
    const changes = await askPreferences(data(), 'dana', scripted(keys, screens), (t) => said.push(t));
    expect(changes.map((c) => [c.user, c.key, c.old, c.new, c.change.old, c.change.new])).toEqual([
      ['dana', 'access', 'own-projects', 'all-projects', null, 'all-projects'],
      ['dana', 'customerMessages', 'none', 'mine', 'none', null],
    ]);
    expect(said.join('')).toContain('  customerMessages: none (explicit) → mine (default)');
    expect(said.join('')).toContain('"From customers" only hides a section of the messenger');
    expect(screens[6]).toContain('Save 2 changes?');
  });

  it('saves nothing when the confirmation is declined', async () => {
    const keys = [['down'], [], [], [], [], [], ['n']];
    expect(await askPreferences(data(), 'dana', scripted(keys, []), () => {})).toEqual([]);
  });
});
