// Starts NHS.UK frontend components (header menu, skip link...) without inline scripts,
// so the Content-Security-Policy can forbid them.
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();
