/* Thai slugs keep their vowels and tone marks in the Wagtail admin.
 * Wagtail's w-slug controller filters unicode slugs with \p{L}\p{N}, which drops Thai combining marks (\p{M}):
 * "ช่างซ่อมปั๊มน้ำ" became "ชางซอมปมนำ". This re-registers the controller with slugify/urlify that also keep
 * \p{M}; the server side does the same (config/slugs.py). ASCII-only mode (allow-unicode off) is unchanged. */
(function () {
  "use strict";
  function thaiSlug(value, numChars) {
    var text = String(value || "").normalize("NFC").toLowerCase();
    text = text.replace(/[^-_\p{L}\p{M}\p{N}\s]/gu, "");
    text = text.replace(/[-\s]+/g, "-").substring(0, numChars || 255);
    return text.replace(/^[-_]+|[-_]+$/g, "");
  }
  function install() {
    var app = window.wagtail && window.wagtail.app;
    var module = app && app.router && app.router.modulesByIdentifier.get("w-slug");
    if (!module) return;
    var Base = module.definition.controllerConstructor;
    if (Base.keepsThaiMarks) return;
    class ThaiSlugController extends Base {
      static keepsThaiMarks = true;
      thaiClean(action, event, options) {
        var opts = options || {};
        var ignoreUpdate = opts.ignoreUpdate || false;
        var runFormat = opts.runFormat === undefined ? !ignoreUpdate : opts.runFormat;
        var detail = (event && event.detail) || {};
        var source = detail.value === undefined ? this.element.value : detail.value;
        var prepared = this.prepareValue(source, { runFormat: runFormat });
        if (!prepared) return "";
        var clean = thaiSlug(prepared);
        if (!ignoreUpdate) this.applyUpdate(action, clean, source);
        return clean;
      }
      slugify(event, options) {
        return this.allowUnicodeValue ? this.thaiClean("slugify", event, options) : super.slugify(event, options);
      }
      urlify(event, options) {
        return this.allowUnicodeValue ? this.thaiClean("urlify", event, options) : super.urlify(event, options);
      }
    }
    app.register("w-slug", ThaiSlugController);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", install);
  else install();
})();
