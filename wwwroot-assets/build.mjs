// Bundles the front end into the web project's wwwroot/dist, where MapStaticAssets serves it.
import * as esbuild from "esbuild";
import { fileURLToPath } from "node:url";
import path from "node:path";
import fs from "node:fs";

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.join(here, "..", "src", "TikTokStudio.Web", "wwwroot", "dist");

await esbuild.build({
  // legacy.*: the htmx pages not yet moved to MudBlazor. app.css: the app's own styles. Modules the components
  // import through IJSRuntime sit in src/modules/ and are written to dist/modules/.
  entryPoints: [
    path.join(here, "src", "legacy.js"),
    path.join(here, "src", "legacy.css"),
    path.join(here, "src", "app.css"),
    path.join(here, "src", "pages.js"),
    ...fs.readdirSync(path.join(here, "src", "modules")).map((f) => ({ in: path.join(here, "src", "modules", f), out: "modules/" + f.replace(/\.js$/, "") })),
  ],
  bundle: true,
  minify: true,
  sourcemap: true,
  format: "esm",
  target: ["es2022"],
  outdir,
  loader: { ".svg": "dataurl", ".png": "dataurl", ".woff": "file", ".woff2": "file", ".ttf": "file", ".eot": "file" },
  logLevel: "warning",
});
