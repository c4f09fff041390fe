// Small local state of the composer (Alpine); every rule itself is decided on the server.
import Alpine from "alpinejs";

// Counts UTF-16 code units, exactly like TikTok's limits (JavaScript strings are UTF-16, so .length is that count).
Alpine.data("captionCounter", (max) => ({
  max,
  count: 0,
  init() {
    this.update();
  },
  update() {
    this.count = this.$refs.box ? this.$refs.box.value.length : 0;
  },
}));

// Moves the preview video to the chosen cover frame as the slider moves.
Alpine.data("coverPicker", (initialMs) => ({
  ms: initialMs,
  seek() {
    const video = document.getElementById("preview-video");
    if (video) video.currentTime = this.ms / 1000;
  },
}));
