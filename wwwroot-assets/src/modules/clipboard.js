// Copies text the page shows once (a new webhook secret or API key); false when the browser refuses (no permission, not https).
export async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
