/* authsite passkeys: the site's one script. No inline script anywhere (the CSP allows none), no build step.
 *
 * A passkey form is an ordinary POST form marked data-passkey="create" or "get", hidden until this script finds
 * WebAuthn in the browser (so without JavaScript the page offers only what works without it). On submit the
 * script gets the ceremony options (inline in data-passkey-options, or from data-passkey-options-url by a POST
 * carrying the CSRF token read from the form), asks the browser for a credential, writes the result as JSON into
 * the form's [data-passkey-field] input and submits the form for real. The server checks everything.
 */
(function () {
  "use strict";

  if (!window.PublicKeyCredential || !navigator.credentials || window.authsitePasskeys) {
    return;  // no WebAuthn: the passkey forms stay hidden. Loaded twice: the first copy does the work.
  }
  window.authsitePasskeys = true;

  function toBytes(base64url) {
    var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    var binary = atob(base64 + "===".slice((base64.length + 3) % 4));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) {
      binary += String.fromCharCode(bytes[i]);
    }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function withBinaryIds(list) {
    return (list || []).map(function (item) {
      return Object.assign({}, item, {id: toBytes(item.id)});
    });
  }

  function creationOptions(json) {
    return Object.assign({}, json, {
      challenge: toBytes(json.challenge),
      user: Object.assign({}, json.user, {id: toBytes(json.user.id)}),
      excludeCredentials: withBinaryIds(json.excludeCredentials)
    });
  }

  function requestOptions(json) {
    return Object.assign({}, json, {
      challenge: toBytes(json.challenge),
      allowCredentials: withBinaryIds(json.allowCredentials)
    });
  }

  function credentialJSON(credential) {
    var response = credential.response;
    var json = {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
      clientExtensionResults: credential.getClientExtensionResults ? credential.getClientExtensionResults() : {},
      response: {clientDataJSON: toBase64url(response.clientDataJSON)}
    };
    if (response.attestationObject) {
      json.response.attestationObject = toBase64url(response.attestationObject);
      json.response.transports = response.getTransports ? response.getTransports() : [];
    } else {
      json.response.authenticatorData = toBase64url(response.authenticatorData);
      json.response.signature = toBase64url(response.signature);
      if (response.userHandle) {
        json.response.userHandle = toBase64url(response.userHandle);
      }
    }
    return json;
  }

  var MESSAGES = {
    NotAllowedError: "The passkey request was cancelled or timed out. Please try again.",
    InvalidStateError: "This passkey is already registered for your account.",
    SecurityError: "Passkeys do not work on this address of the site.",
    NotSupportedError: "This browser or authenticator cannot make a passkey here."
  };

  function fetchOptions(form) {
    if (form.dataset.passkeyOptions) {
      return Promise.resolve(JSON.parse(form.dataset.passkeyOptions));
    }
    var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    return fetch(form.dataset.passkeyOptionsUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {"X-CSRFToken": token, "Accept": "application/json"}
    }).then(function (reply) {
      return reply.json().catch(function () { return {}; }).then(function (body) {
        if (!reply.ok) {
          throw new Error(body.detail || "The site could not start the passkey request. Please try again.");
        }
        return body;
      });
    });
  }

  function showError(form, error) {
    var box = form.querySelector("[data-passkey-error]");
    box.textContent = MESSAGES[error && error.name] || (error && error.message) || "Something went wrong.";
    box.hidden = false;
  }

  function run(form, button) {
    var creating = form.dataset.passkey === "create";
    button.disabled = true;
    fetchOptions(form).then(function (json) {
      return creating
        ? navigator.credentials.create({publicKey: creationOptions(json)})
        : navigator.credentials.get({publicKey: requestOptions(json)});
    }).then(function (credential) {
      form.querySelector("[data-passkey-field]").value = JSON.stringify(credentialJSON(credential));
      form.submit();  // not a submit event: this handler does not run again
    }).catch(function (error) {
      button.disabled = false;
      showError(form, error);
    });
  }

  function attach(form) {
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!form.reportValidity()) {
        return;
      }
      run(form, event.submitter || form.querySelector("button"));
    });
  }

  function start() {
    document.querySelectorAll("[data-passkey-only]").forEach(function (element) { element.hidden = false; });
    document.querySelectorAll("form[data-passkey]").forEach(attach);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
