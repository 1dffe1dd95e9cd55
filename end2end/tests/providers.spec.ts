import { test, expect, openChat, assistant, input } from './fixtures';

// One test per protocol, through the page, against the local stand-ins in
// crates/test-upstream (directives in [brackets] steer them).
const kinds = [
  { model: 'test-gpt', via: 'openai' },
  { model: 'test-claude', via: 'anthropic' },
  { model: 'test-llama', via: 'ollama' },
];

for (const { model, via } of kinds) {
  test(`${via}: a reply streams, a mid-stream cut is marked interrupted, and Retry regenerates it`, async ({ page, problems }) => {
    await openChat(page);
    const picker = page.getByLabel('Model');
    await expect(picker).toHaveValue('smollm2-135m-instruct');
    await picker.selectOption(model);

    await input(page).fill('hello there [think]');
    await input(page).press('Enter');
    const first = assistant(page).last();
    await expect(first).toHaveAttribute('data-status', 'complete');
    await expect(first.locator('.text')).toHaveText(`You said: hello there (via ${via})`);
    await expect(first.locator('details.thinking')).toContainText('Let me think about this.');

    // A unique message: the stand-in cuts the first request with it only.
    const tag = `${via}-${Date.now()}`;
    await input(page).fill(`story ${tag} [delay:40] [fault:cutx1]`);
    await input(page).press('Enter');
    const cut = assistant(page).last();
    await expect(cut).toHaveAttribute('data-status', 'interrupted');
    await expect(cut.locator('.text')).toHaveText(/^You said/);
    await expect(cut.locator('.note')).toContainText('Interrupted');
    await expect(cut.locator('.note')).toContainText('interrupted');

    // The picker kept this conversation's choice; Retry regenerates.
    await expect(picker).toHaveValue(model);
    await cut.getByRole('button', { name: 'Retry' }).click();
    const again = assistant(page).last();
    await expect(again).toHaveAttribute('data-status', 'complete');
    await expect(again.locator('.text')).toHaveText(`You said: story ${tag} (via ${via})`);
    await expect(assistant(page)).toHaveCount(2);
    expect(problems).toEqual([]);
  });
}
