// Access > Teams: create and delete teams, add and remove members (picked from the users).
import { listTeams, listUsers, createTeam, saveTeam, deleteTeam } from '../api.js';
import { h, field, replace, uid } from '../dom.js';
import { showProblems, clearProblems } from '../problems.js';
import { accessHead, errorBanner, showError, busy } from './access-common.js';

export async function render(main) {
  const error = errorBanner();
  const list = h('div', { class: 'team-list' });
  const userList = h('datalist', { id: 'team-user-emails' });
  const name = h('input', { type: 'text', name: 'name', autocomplete: 'off', required: true, pattern: '[a-z][a-z0-9-]{1,30}[a-z0-9]' });
  const createForm = h('form', {
    class: 'inline-form', novalidate: true,
    onsubmit: async (ev) => {
      ev.preventDefault();
      clearProblems(createForm);
      showError(error, null);
      await busy(createForm, async () => {
        try {
          await createTeam({ name: name.value.trim(), members: [] });
          const created = name.value.trim();
          name.value = '';
          await load();
          list.querySelector(`[data-team="${CSS.escape(created)}"] input`)?.focus();
        } catch (e) {
          if (showProblems(createForm, e.details).length > 0 || e.details.length === 0) showError(error, e);
        }
      });
    },
  },
  field('Team name', name, { path: 'name', hint: '3 to 32 characters: lowercase letters, digits and -.' }),
  h('button', { type: 'submit', class: 'btn primary' }, 'Create team'));

  main.append(
    accessHead('teams', 'Teams', 'Groups of users, named as team:NAME in collaborators and permissions. Every active user is also in the built-in team everyone.'),
    error,
    h('section', { class: 'panel', 'aria-labelledby': 'new-team-heading' }, h('h2', { id: 'new-team-heading' }, 'New team'), createForm),
    userList,
    list);
  await load();

  async function load() {
    let teams;
    let users = [];
    try {
      [teams, users] = await Promise.all([listTeams(), listUsers().catch(() => [])]);
    } catch (e) {
      replace(list, h('p', { class: 'banner error', role: 'alert' }, e.message));
      return;
    }
    replace(userList, users.filter(u => u.active).map(u => h('option', { value: u.email })));
    if (teams.length === 0) {
      replace(list, h('p', { class: 'empty' }, 'No team yet.'));
      return;
    }
    replace(list, teams.map(teamPanel));
  }

  function teamPanel(team) {
    const members = team.members ?? [];
    const headingId = uid('team');
    const email = h('input', { type: 'email', list: 'team-user-emails', autocomplete: 'off', required: true });
    const addForm = h('form', {
      class: 'inline-form', novalidate: true,
      onsubmit: async (ev) => {
        ev.preventDefault();
        const added = email.value.trim();
        if (!added) return;
        await update(team, [...members, added], addForm);
      },
    },
    field(`Add a member to ${team.name}`, email, { path: 'members' }),
    h('button', { type: 'submit', class: 'btn' }, 'Add member'));

    return h('section', { class: 'panel', 'aria-labelledby': headingId, dataset: { team: team.name } },
      h('div', { class: 'section-head' },
        h('h2', { id: headingId }, team.name, h('span', { class: 'muted small' }, ` · ${members.length} ${members.length === 1 ? 'member' : 'members'}`)),
        h('button', {
          type: 'button', class: 'btn small danger ghost', 'aria-label': `Delete team ${team.name}`,
          onclick: async () => {
            showError(error, null);
            try {
              await deleteTeam(team.name);
            } catch (e) {
              showError(error, e);
            }
            await load();
          },
        }, 'Delete team')),
      members.length === 0 ? h('p', { class: 'empty' }, 'No members yet.')
        : h('ul', { class: 'member-list', 'aria-label': `Members of ${team.name}` }, members.map(m => h('li', null,
          h('span', null, m),
          h('button', {
            type: 'button', class: 'btn small ghost', 'aria-label': `Remove ${m} from ${team.name}`,
            onclick: () => update(team, members.filter(x => x !== m), null),
          }, 'Remove')))),
      addForm);
  }

  async function update(team, members, form) {
    showError(error, null);
    if (form) clearProblems(form);
    try {
      await saveTeam({ name: team.name, members });
    } catch (e) {
      if (!form || showProblems(form, e.details).length > 0 || e.details.length === 0) showError(error, e);
      return;
    }
    await load();
    list.querySelector(`[data-team="${CSS.escape(team.name)}"] input`)?.focus();
  }
}
