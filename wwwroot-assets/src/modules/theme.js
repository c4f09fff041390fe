// Remembers the user's light/dark choice in the browser (the shell reads it on first render).
export function load() {
  return localStorage.getItem("studio-theme");
}
export function save(value) {
  if (value) localStorage.setItem("studio-theme", value);
  else localStorage.removeItem("studio-theme");
}
