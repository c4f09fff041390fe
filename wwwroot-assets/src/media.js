// Media library: an Uppy Dashboard that uploads with tus to /app/media/uploads (resumable: tus-js-client keeps each
// upload's URL in localStorage under a fingerprint of the file, so after a reload the same file continues where it
// stopped). Every tus request carries the antiforgery token; when a file is done the library grid refreshes itself.
import Uppy from "@uppy/core";
import Dashboard from "@uppy/dashboard";
import Tus from "@uppy/tus";

const videoTypes = ["video/mp4", "video/quicktime", "video/webm"];
const photoTypes = ["image/jpeg", "image/webp", "image/png"];
const extensions = [".mp4", ".m4v", ".mov", ".webm", ".jpg", ".jpeg", ".webp", ".png"];

function antiforgeryToken() {
  return document.querySelector('meta[name="request-verification-token"]')?.content ?? "";
}

function formatBytes(bytes) {
  const units = ["B", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

// The server's refusal (413/415 with a sentence) is in the tus error; show that sentence, not the transport details.
function readableError(error) {
  const text = error?.originalResponse?.getBody?.();
  if (text && text.length < 500) return text;
  return error?.message ?? "The upload failed.";
}

function mountUploader(element) {
  const maxVideo = Number(element.dataset.maxVideoBytes);
  const maxPhoto = Number(element.dataset.maxPhotoBytes);
  const status = document.querySelector(element.dataset.status);
  const announce = (text) => { if (status) status.textContent = text; };
  const refreshLibrary = () => {
    const library = document.querySelector(element.dataset.library);
    if (library && window.htmx) window.htmx.trigger(library, "media-changed");
  };

  const uppy = new Uppy({
    id: "media",
    autoProceed: true,
    restrictions: { allowedFileTypes: [...videoTypes, ...photoTypes, ...extensions], maxFileSize: maxVideo },
    onBeforeFileAdded: (file) => {
      const isPhoto = (file.type ?? "").startsWith("image/");
      if (isPhoto && file.size > maxPhoto) {
        uppy.info(`${file.name} is ${formatBytes(file.size)}: TikTok accepts photos up to 20 MB.`, "error", 8000);
        announce(`${file.name} was not added: TikTok accepts photos up to 20 MB.`);
        return false;
      }
      return true;
    },
  });

  uppy.use(Dashboard, {
    inline: true,
    target: element,
    width: "100%",
    height: 340,
    proudlyDisplayPoweredByUppy: false,
    showProgressDetails: true,
    hideProgressAfterFinish: false,
    note: "Videos up to 4 GB (MP4, MOV, WebM); photos up to 20 MB (JPEG, WebP).",
    theme: document.documentElement.getAttribute("data-bs-theme") === "dark" ? "dark" : "light",
  });

  uppy.use(Tus, {
    endpoint: element.dataset.endpoint,
    chunkSize: 16 * 1024 * 1024,
    retryDelays: [0, 1000, 3000, 5000, 10000],
    removeFingerprintOnSuccess: true,
    headers: () => ({ RequestVerificationToken: antiforgeryToken() }),
  });

  uppy.on("upload", () => announce("Uploading…"));
  uppy.on("upload-success", (file) => {
    announce(`${file.name} uploaded. Its checks are in the library below.`);
    refreshLibrary();
  });
  uppy.on("upload-error", (file, error) => {
    const message = readableError(error);
    announce(`${file?.name ?? "A file"} could not be uploaded: ${message}`);
    uppy.info(message, "error", 10000);
    refreshLibrary();
  });
  uppy.on("complete", (result) => {
    if (result.successful?.length && !result.failed?.length) {
      announce(result.successful.length === 1 ? "Upload complete." : `${result.successful.length} uploads complete.`);
    }
  });

  element.uppy = uppy;
}

function init() {
  for (const element of document.querySelectorAll("[data-media-uploader]")) {
    if (!element.uppy) mountUploader(element);
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
