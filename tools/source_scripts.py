"""The English source of the client-facing scripts; regenerates resources/scripts/scripts.pot and en.po.

Run: python tools/source_scripts.py   (edit SCRIPTS here, then update every <locale>.po from the .pot)
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

# (script id, title, paragraphs). Grade-6 English: short sentences, common words, no labels for the person.
SCRIPTS: list[tuple[str, str, list[str]]] = [
    ("role", "Who I am", [
        "Hello. My name is {worker_name}. I work for {organisation}.",
        # Hedged: an organisation may not offer these. With its own list (Preferences), role.2.services is read.
        "We may be able to help with things like a safe place to stay, health care, food, rights at work or legal "
        "advice. I will tell you what we can really do.",
        "I am not the police. I do not work for immigration. I am not anyone's boss.",
        "You choose what happens here. You do not have to tell me anything. You can say no to any question.",
        "You can stop at any time. Just tell me, or show me this sign: a raised hand.",
        "I will only promise what I can really do. If I cannot do something, I will tell you.",
        "We can go slowly. We can talk again another day, if you want.",
    ]),
    ("confidentiality", "Keeping what you say private", [
        "What you tell me stays with me and my small team at {organisation}.",
        "I will not call the police, immigration or anyone else unless you say yes. "
        "There are only a few times when I would have to. I will explain them now.",
        # The guidance's exceptions, said to the client: their own age, harm to self or others, and who is told.
        "I may have to tell someone if you are younger than {child_age}, or if you might hurt yourself or someone "
        "else. Then I would tell child protection or the police. I must also share if a court orders it.",
        "If that happens, I will try to tell you first. I will share as little as I can.",
        "I write short notes so I can remember and help you. The notes are locked on my computer.",
        "You can ask what I wrote. You can change your mind about sharing at any time. "
        "If you change your mind, I stop sharing from then on. I cannot take back what was already shared.",
    ]),
    ("interpreter", "Meeting the interpreter", [
        "This is {interpreter_name}. {interpreter_name} is an interpreter.",
        # No promise nobody can check (who else they work for): an invitation to say so instead.
        "{interpreter_name} works for an interpreting service. They do not work for me. "
        "If you already know them, or know their family, please tell me. We can find another interpreter.",
        "They will say my words to you and your words to me, exactly. If you say \"I am cold\", they will say "
        "\"I am cold\" too. They will not add anything or give advice.",
        "They keep everything private, like me.",
        "If you do not feel safe, please tell me. We can change the interpreter. "
        "We can ask for a man or a woman, or use the phone.",
        "Please speak in short parts, so nothing is missed. We will stop often.",
        "The interpreter will not be alone with you. They come and go on their own.",
        "If you do not understand the way they speak, please tell me. "
        "We can look for an interpreter who speaks more like you.",
    ]),
    ("consent", "Sharing only with your yes", [
        "I would like to share some of your information. I will only do it if you say yes.",
        "I would share this: {shared_items}. I would share it with {recipient}.",
        "The reason is: {purpose}.",
        # {valid_until} is said by the worker: "after this one time" (single use) or "on 3 March" (a date).
        "Your yes does not last forever. It ends: {valid_until}. If I need to share after that, I will ask you again.",
        "My help does not depend on your answer. If you say no, I will still help you.",
        "You can say no now. You can also say yes now and change your mind later. "
        "If you change your mind, I stop sharing from then on. I cannot take back what was already shared.",
    ]),
    ("stop", "We can stop", [
        "We can take a break now, or stop for today.",
        "You do not have to explain why.",
        "We can meet again another day. We will still be here to help.",
    ]),
]

# Paragraphs read instead of another when a placeholder has a value: key '<script>.<n>.<placeholder>'.
VARIANTS: dict[str, str] = {
    "role.2.services": "Here we offer: {services}. I will tell you what we can really do for you.",
}

# Not scripts: short notes shown to the client under a paragraph, in the client's language.
NOTICES: dict[str, str] = {
    "notice.draft": "Draft: a qualified translator has not checked this text yet.",
    "notice.fallback": "This part is shown in English because its translation could not be used.",
    "notice.checked": "Checked by {reviewer}, {date}.",
}
NOTICE_COMMENT = "Shown to the client under a paragraph, in the client's language (not a script)."


def source_messages() -> list[tuple[str, str]]:
    """(msgctxt, msgid) pairs in reading order: '<script>.title', then '<script>.<n>' from 1, each
    followed by its variants '<script>.<n>.<placeholder>'."""
    pairs: list[tuple[str, str]] = []
    for script_id, title, paragraphs in SCRIPTS:
        pairs.append((f"{script_id}.title", title))
        for n, text in enumerate(paragraphs, start=1):
            pairs.append((f"{script_id}.{n}", text))
            pairs.extend((key, variant) for key, variant in VARIANTS.items() if key.startswith(f"{script_id}.{n}."))
    return pairs


def write_catalogs(folder: Path) -> None:
    template = Catalog(project="Harbour scripts", version="1", fuzzy=False)
    english = Catalog(locale="en", project="Harbour scripts", version="1", fuzzy=False)
    english.mime_headers  # noqa: B018 - touch to build defaults
    for context, text in source_messages():
        template.add(text, context=context)
        english.add(text, string=text, context=context)
    for context, text in NOTICES.items():
        template.add(text, context=context, user_comments=[NOTICE_COMMENT])
        english.add(text, string=text, context=context, user_comments=[NOTICE_COMMENT])
    with open(folder / "scripts.pot", "wb") as out:
        write_po(out, template, omit_header=False, width=0)
    with open(folder / "en.po", "wb") as out:
        write_po(out, english, omit_header=False, width=0)
    _mark_source_as_reviewed(folder / "en.po")


def _mark_source_as_reviewed(path: Path) -> None:
    """The English catalog is the source itself: its header says so (Babel drops X- headers, so add them here)."""
    text = path.read_text(encoding="utf-8")
    generated = next(line for line in text.splitlines() if line.startswith('"Generated-By:'))
    review = '"X-Reviewed-By: source text\\n"\n"X-Reviewed-Date: written in English for Harbour\\n"'
    path.write_text(text.replace(generated, generated + "\n" + review, 1), encoding="utf-8")


if __name__ == "__main__":
    write_catalogs(Path(__file__).resolve().parent.parent / "resources" / "scripts")
