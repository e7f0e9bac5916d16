//! `ladderlint server` spoken to as an editor does: JSON-RPC over stdio.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
}

impl Client {
    fn start() -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ladderlint"))
            .arg("server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        let stdin = child.stdin.take().expect("piped stdin");
        let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let (sender, messages) = channel();
        // Read on a thread, so a silent server fails the test instead of hanging it.
        std::thread::spawn(move || {
            loop {
                let mut length = None;
                loop {
                    let mut header = String::new();
                    if stdout.read_line(&mut header).unwrap_or(0) == 0 {
                        return;
                    }
                    let header = header.trim_end();
                    if header.is_empty() {
                        break;
                    }
                    if let Some(value) = header.strip_prefix("Content-Length: ") {
                        length = value.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                if stdout.read_exact(&mut body).is_err() {
                    return;
                }
                let message = serde_json::from_slice(&body).expect("JSON-RPC is JSON");
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        Self {
            child,
            stdin,
            messages,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn request(&mut self, id: i64, method: &str, params: Value) -> Value {
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self.next();
            if message["id"] == id {
                return message;
            }
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn next(&self) -> Value {
        self.messages
            .recv_timeout(Duration::from_secs(20))
            .expect("the server answers within 20 s")
    }

    /// A started server past the initialize handshake.
    fn initialized() -> Self {
        let mut client = Self::start();
        client.request(1, "initialize", json!({ "capabilities": {} }));
        client.notify("initialized", json!({}));
        client
    }

    /// Open `text` as version 1 of the Markdown document at `uri`.
    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
        );
    }

    /// Shut the server down (request `id`) and check it exits cleanly.
    fn stop(mut self, id: i64) {
        let shutdown = self.request(id, "shutdown", Value::Null);
        assert!(shutdown.get("error").is_none(), "{shutdown}");
        self.notify("exit", Value::Null);
        assert!(self.child.wait().expect("the server exits").success());
    }

    /// The next diagnostics published.
    fn published(&self) -> Value {
        loop {
            let message = self.next();
            if message["method"] == "textDocument/publishDiagnostics" {
                return message["params"].clone();
            }
        }
    }
}

/// The first diagnostic of rule `code` in a `publishDiagnostics` message.
fn diagnostic_of(published: &Value, code: &str) -> Option<Value> {
    published["diagnostics"]
        .as_array()?
        .iter()
        .find(|d| d["code"] == code)
        .cloned()
}

#[test]
fn server_publishes_and_clears_diagnostics_with_utf16_ranges() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ladderlint.toml"), "root = true\n").unwrap();
    let path = dir.path().join("L2.md");
    let uri = lsp_types::Url::from_file_path(&path).unwrap().to_string();
    let with_tbd = "# L2: Engineer\n\n## 🦉 Domain TBD\n\n- Knows the domain well.\n";

    let mut client = Client::start();
    let initialized = client.request(1, "initialize", json!({ "capabilities": {} }));
    assert!(initialized["result"]["capabilities"]["codeActionProvider"] == true);
    client.notify("initialized", json!({}));

    client.open(&uri, with_tbd);
    let published = client.published();
    assert_eq!(published["uri"], uri);
    assert_eq!(published["version"], 1);
    let placeholder = diagnostic_of(&published, "placeholder").expect("the TBD is reported");
    // `## 🦉 Domain ` is 12 characters but 13 UTF-16 code units: the owl takes two.
    assert_eq!(
        placeholder["range"],
        json!({ "start": { "line": 2, "character": 13 }, "end": { "line": 2, "character": 16 } })
    );
    assert_eq!(placeholder["source"], "ladderlint");
    assert_eq!(placeholder["severity"], 2);
    assert!(
        placeholder["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("/rules/placeholder.md")
    );

    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 2 },
            "contentChanges": [{ "text": with_tbd.replace(" TBD", "") }],
        }),
    );
    let published = client.published();
    assert_eq!(published["version"], 2);
    assert_eq!(published["diagnostics"], json!([]), "the TBD is gone");

    client.stop(2);
}

#[test]
fn server_offers_fixes_as_code_actions() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ladderlint.toml"), "root = true\n").unwrap();
    let path = dir.path().join("L1.md");
    let uri = lsp_types::Url::from_file_path(&path).unwrap().to_string();
    let text =
        "# L1: Engineer\n\n## Scope\n\n- Owns small features end to end.\nAsks for review early.\n";

    let mut client = Client::initialized();
    client.open(&uri, text);
    let published = client.published();
    let lost = diagnostic_of(&published, "lazy-continuation").expect("the lost bullet is reported");
    let actions = client.request(
        2,
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": lost["range"],
            "context": { "diagnostics": [lost] },
        }),
    );
    let action = &actions["result"][0];
    assert_eq!(action["title"], "restore the bullet marker `-`");
    assert_eq!(action["kind"], "quickfix");
    assert_eq!(
        action["edit"]["changes"][&uri],
        json!([{ "range": { "start": { "line": 5, "character": 0 }, "end": { "line": 5, "character": 0 } }, "newText": "- " }])
    );
    client.stop(3);
}

#[test]
fn server_points_at_the_evidence_in_other_levels() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ladders/engineering/L5.md");
    let uri = lsp_types::Url::from_file_path(&path).unwrap().to_string();
    let text = std::fs::read_to_string(&path).unwrap();
    let mut client = Client::initialized();
    client.open(&uri, &text);
    let published = client.published();
    let drift =
        diagnostic_of(&published, "heading-drift").expect("L5's Collaboration heading drifted");
    let related = drift["relatedInformation"].as_array().expect("evidence");
    let l4 = lsp_types::Url::from_file_path(path.with_file_name("L4.md")).unwrap();
    let evidence = related
        .iter()
        .find(|r| r["location"]["uri"] == l4.as_str())
        .expect("evidence at L4");
    assert_eq!(evidence["message"], "written `🤝 Collaboration` at L4");
    assert!(evidence["location"]["range"]["start"]["line"].as_u64() > Some(0));
    client.stop(2);
}

#[test]
fn server_shows_a_broken_config_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ladderlint.toml"),
        "root = true\n[severity]\nplacehodler = \"off\"\n",
    )
    .unwrap();
    let uri = lsp_types::Url::from_file_path(dir.path().join("L1.md"))
        .unwrap()
        .to_string();
    let mut client = Client::initialized();
    client.open(&uri, "# Notes\n");
    let mut seen = Vec::new();
    for _ in 0..2 {
        seen.push(client.next());
    }
    let shown = seen
        .iter()
        .find(|m| m["method"] == "window/showMessage")
        .expect("the broken config is shown");
    assert_eq!(shown["params"]["type"], 1, "an error");
    assert!(
        shown["params"]["message"]
            .as_str()
            .unwrap()
            .contains("unknown rule `placehodler`"),
        "{shown}"
    );
    // A change publishes diagnostics again, but does not repeat the message.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "text": "# Notes!\n" }] }),
    );
    client.send(json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": null }));
    let mut before_shutdown = Vec::new();
    loop {
        let message = client.next();
        if message["id"] == 2 {
            break;
        }
        before_shutdown.push(message["method"].clone());
    }
    assert_eq!(before_shutdown, ["textDocument/publishDiagnostics"]);
    client.notify("exit", Value::Null);
    assert!(client.child.wait().unwrap().success());
}
