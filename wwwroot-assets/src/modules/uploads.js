// The browser side of the upload area shared by the composer and the media library (MediaUploader.razor).
// Bytes go straight from the browser to the tus endpoint (/app/media/uploads), never through the Blazor circuit;
// the component only hears what happens to each file: added, progress, finished (with the library id), failed.
// Resumable: tus-js-client remembers each upload's URL in localStorage under a fingerprint of the file, so after a
// reload or a dropped connection the same file continues where it stopped. Every request carries the antiforgery token.
import * as tus from "tus-js-client";

function antiforgeryToken() {
  return document.querySelector('meta[name="request-verification-token"]')?.content ?? "";
}

// The server answers refusals with one plain sentence (tus clients show the body); show that, not transport details.
function readableError(error) {
  const text = error?.originalResponse?.getBody?.();
  if (text && text.length < 500) return text;
  if (error?.originalRequest && !error?.originalResponse) return "The connection to the server was lost. Add the same file again to resume.";
  return error?.message ?? "The upload failed.";
}

export function attach(zone, input, dotnet, endpoint) {
  const uploads = new Map();
  let counter = 0;

  function start(file) {
    const key = `u${Date.now()}-${counter++}`;
    dotnet.invokeMethodAsync("Added", key, file.name, file.size);
    let lastReport = 0;
    const upload = new tus.Upload(file, {
      endpoint,
      chunkSize: 16 * 1024 * 1024,
      retryDelays: [0, 1000, 3000, 5000, 10000],
      removeFingerprintOnSuccess: true,
      metadata: { filename: file.name, filetype: file.type },
      headers: { RequestVerificationToken: antiforgeryToken() },
      onProgress(sent, total) {
        const now = performance.now();
        if (sent < total && now - lastReport < 250) return;
        lastReport = now;
        dotnet.invokeMethodAsync("Progress", key, sent, total);
      },
      onSuccess({ lastResponse }) {
        uploads.delete(key);
        const mediaId = lastResponse?.getHeader?.("Media-Id") ?? null;
        const duplicate = lastResponse?.getHeader?.("Media-Duplicate") === "1";
        dotnet.invokeMethodAsync("Finished", key, mediaId, duplicate);
      },
      onError(error) {
        uploads.delete(key);
        // The server marks a refusal by the workspace's plan, so the component can offer the upgrade.
        const overPlan = error?.originalResponse?.getHeader?.("Studio-Plan-Limit") === "1";
        dotnet.invokeMethodAsync("Failed", key, readableError(error), overPlan);
      },
    });
    uploads.set(key, upload);
    upload.findPreviousUploads().then((previous) => {
      if (previous.length) upload.resumeFromPreviousUpload(previous[0]);
      upload.start();
    });
  }

  function addFiles(files) {
    for (const file of files) start(file);
  }

  const onChange = () => {
    addFiles(input.files ?? []);
    input.value = "";
  };
  const onDragOver = (e) => {
    e.preventDefault();
    zone.classList.add("studio-dropzone-over");
  };
  const onDragLeave = () => zone.classList.remove("studio-dropzone-over");
  const onDrop = (e) => {
    e.preventDefault();
    zone.classList.remove("studio-dropzone-over");
    addFiles(e.dataTransfer?.files ?? []);
  };

  input.addEventListener("change", onChange);
  zone.addEventListener("dragover", onDragOver);
  zone.addEventListener("dragleave", onDragLeave);
  zone.addEventListener("drop", onDrop);

  return {
    browse() {
      input.click();
    },
    cancel(key) {
      const upload = uploads.get(key);
      uploads.delete(key);
      return upload ? upload.abort(true).catch(() => {}) : Promise.resolve();
    },
    dispose() {
      input.removeEventListener("change", onChange);
      zone.removeEventListener("dragover", onDragOver);
      zone.removeEventListener("dragleave", onDragLeave);
      zone.removeEventListener("drop", onDrop);
      for (const upload of uploads.values()) upload.abort(false);
      uploads.clear();
    },
  };
}

// The composer's cover frame picker: show the chosen moment in the preview video.
export function seek(video, ms) {
  if (video && Number.isFinite(ms)) video.currentTime = ms / 1000;
}
