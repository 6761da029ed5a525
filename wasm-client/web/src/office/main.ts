// Entry of the ward office dashboard (office.html → office.js).
import { h, render } from "preact";
import { App } from "./app";
import { lang, setLang } from "./i18n";

setLang(lang());
const root = document.getElementById("app");
if (root) render(h(App, null), root);
