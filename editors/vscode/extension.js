// Starts `prism lsp` for GLSL and WGSL files and passes the settings on. Everything else
// (diagnostics, inlay hints, hover, code actions) is the language server's.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function settings() {
  const config = vscode.workspace.getConfiguration("prism");
  return { metric: config.get("metric"), gpus: config.get("gpus") };
}

async function activate(context) {
  const command = vscode.workspace.getConfiguration("prism").get("path") || "prism";
  const server = { command, args: ["lsp"] };
  client = new LanguageClient(
    "prism",
    "prism",
    { run: server, debug: server },
    {
      documentSelector: [
        { scheme: "file", language: "glsl" },
        { scheme: "file", language: "wgsl" },
        { scheme: "untitled", language: "glsl" },
        { scheme: "untitled", language: "wgsl" },
      ],
      initializationOptions: settings(),
    }
  );
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("prism") && client) {
        client.sendNotification("workspace/didChangeConfiguration", { settings: settings() });
      }
    }),
    vscode.commands.registerCommand("prism.isaOfActiveShader", async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || !client) {
        return;
      }
      // The server answers when the ISA run is done and shows the statistics itself.
      await client.sendRequest("workspace/executeCommand", {
        command: "prism.isa",
        arguments: [editor.document.uri.toString()],
      });
    })
  );
  await client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
