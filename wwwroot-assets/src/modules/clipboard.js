// Copies a just-shown secret for the user (the page never shows it again). Resolves false when the browser refuses.
export async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
