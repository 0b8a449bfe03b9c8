// Every text of the tour in both languages: the same keys (the type says so too), each Korean text translated (it has
// Hangul), and each taking the same values, so no language drops a PID or a name the other one shows.
import { strict as assert } from "assert";
import { chooseLang, LANGS, TEXTS, text, TextKey } from "../../../tour/texts";

/** The values a text reads, found by handing it a recorder. */
function valuesRead(lang: (typeof LANGS)[number], key: TextKey): string[] {
    const t = TEXTS[lang][key];
    if (typeof t === "string") return [];
    const read = new Set<string>();
    t(new Proxy({}, { get: (_o, name) => (read.add(String(name)), `<${String(name)}>`) }));
    return [...read].sort();
}

describe("tour texts", () => {
    const keys = Object.keys(TEXTS.en) as TextKey[];

    it("every key is in both languages, and nothing else", () => {
        for (const lang of LANGS) assert.deepEqual(Object.keys(TEXTS[lang]).sort(), [...keys].sort(), lang);
    });

    it("every text is there in both languages and Korean texts are translated", () => {
        for (const k of keys) {
            for (const lang of LANGS) {
                const values = Object.fromEntries(valuesRead(lang, k).map((v) => [v, 1]));
                assert.ok(text(lang, k, values).trim().length > 0, `${lang}.${k} is empty`);
            }
            assert.match(text("ko", k, new Proxy({}, { get: () => "x" })), /[\uac00-\ud7a3]/, `ko.${k} has no Korean`);
        }
    });

    it("each text takes the same values in both languages", () => {
        for (const k of keys) assert.deepEqual(valuesRead("ko", k), valuesRead("en", k), k);
    });

    it("the language: --lang first, else LC_ALL, LC_MESSAGES, LANG; Korean locales give ko", () => {
        assert.equal(chooseLang(undefined, { LANG: "ko_KR.UTF-8" }), "ko");
        assert.equal(chooseLang(undefined, { LANG: "en_US.UTF-8" }), "en");
        assert.equal(chooseLang(undefined, {}), "en");
        assert.equal(chooseLang(undefined, { LC_ALL: "en_US.UTF-8", LANG: "ko_KR.UTF-8" }), "en");
        assert.equal(chooseLang(undefined, { LC_MESSAGES: "ko_KR.UTF-8", LANG: "C" }), "ko");
        assert.equal(chooseLang("ko", { LANG: "en_US.UTF-8" }), "ko");
        assert.equal(chooseLang(undefined, { LANG: "kok_IN" }), "en", "Konkani is not Korean");
        assert.deepEqual(chooseLang("de", {}), { error: '--lang must be one of en, ko, got "de"' });
    });
});
