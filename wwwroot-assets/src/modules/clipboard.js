// Copies text the page shows (a new API key) to the clipboard; false when the browser refuses (no permission, not https).
export async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
