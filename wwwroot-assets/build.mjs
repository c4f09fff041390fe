// Bundles the front end into the web project's wwwroot/dist, where MapStaticAssets serves it.
import * as esbuild from "esbuild";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.join(here, "..", "src", "TikTokStudio.Web", "wwwroot", "dist");

await esbuild.build({
  entryPoints: [path.join(here, "src", "app.js"), path.join(here, "src", "app.css")],
  bundle: true,
  minify: true,
  sourcemap: true,
  format: "esm",
  target: ["es2022"],
  outdir,
  loader: { ".svg": "dataurl", ".png": "dataurl", ".woff": "file", ".woff2": "file", ".ttf": "file", ".eot": "file" },
  logLevel: "warning",
});
