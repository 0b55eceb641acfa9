"""Three places lean on a library's internals for speed; each test here fails if the library
changes under it (the versions they rely on are pinned in requirements.txt)."""

from flask.sessions import SecureCookieSessionInterface

from microsite.consultation import CSRF_SLOT, FORM_ID_SLOT
from microsite.extensions import limiter
from support import form_tokens, make_app, submit, tokens_in


def test_flask_limiters_hooks_run_for_the_form_only(tmp_path):
    # extensions.init_limiter moves Flask-Limiter's app-wide hooks onto the consultation blueprint.
    app = make_app(tmp_path, RATELIMIT_ENABLED=True)
    app.extensions["outbox_sender"].stop()

    def limiter_hooks(hooks, scope):
        return [
            h
            for h in hooks.get(scope, [])
            if getattr(h, "__self__", None) is limiter or limiter in getattr(h, "args", ())
        ]

    assert limiter_hooks(app.before_request_funcs, None) == []  # pages never pay for it ...
    assert limiter_hooks(app.before_request_funcs, "consultation")  # ... and the form is still limited
    client = app.test_client()
    for _ in range(5):
        assert submit(client).status_code == 303
    assert submit(client).status_code == 429
    assert client.get("/").status_code == 200


def test_the_cached_session_serializer_is_flasks_own(app):
    # security.SessionInterface keeps the serializer Flask would build for every request.
    ours = app.session_interface.get_signing_serializer(app)
    assert ours is app.session_interface.get_signing_serializer(app)
    flasks = SecureCookieSessionInterface().get_signing_serializer(app)
    assert flasks.loads(ours.dumps({"a": 1})) == {"a": 1} and ours.loads(flasks.dumps({"b": 2})) == {"b": 2}
    client = app.test_client()
    client.set_cookie("session", flasks.dumps({"last_reference": "ABC123"}))
    assert "ABC123" in client.get("/consultation/sent").get_data(as_text=True)


def test_each_visitor_gets_their_own_tokens_in_the_form_rendered_once(app):
    # consultation.form renders the empty form once, with slots where Flask-WTF's token and the
    # form's id go, and puts each visitor's own in.
    pages = [app.test_client().get("/consultation").get_data(as_text=True) for _ in range(2)]
    assert all(CSRF_SLOT.decode() not in page and FORM_ID_SLOT.decode() not in page for page in pages)
    tokens = [tokens_in(page)["csrf_token"] for page in pages]
    assert tokens[0] != tokens[1]
    client = app.test_client()
    assert submit(client, tokens=form_tokens(client)).status_code == 303
