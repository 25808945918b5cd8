import type { Plugin } from "../../core/plugin-api/mod.ts";
import askUser from "../../plugins/ask-user/mod.ts";
import { bashPlugin } from "../../plugins/bash/mod.ts";
import deletePlugin from "../../plugins/delete/mod.ts";
import edit from "../../plugins/edit/mod.ts";
import glob from "../../plugins/glob/mod.ts";
import grep from "../../plugins/grep/mod.ts";
import list from "../../plugins/list/mod.ts";
import memoryRead from "../../plugins/memory-read/mod.ts";
import memoryWrite from "../../plugins/memory-write/mod.ts";
import read from "../../plugins/read/mod.ts";
import recallContext from "../../plugins/recall-context/mod.ts";
import task from "../../plugins/task/mod.ts";
import todoWrite from "../../plugins/todo-write/mod.ts";
import webFetch from "../../plugins/web-fetch/mod.ts";
import write from "../../plugins/write/mod.ts";
import { locateShellGrammar } from "./shell-grammar-files.ts";

/** The tools Ursa ships, loaded through the same PluginHost as third-party plugins. */
export const BUILTIN_PLUGINS: readonly Plugin[] = [read, write, edit, deletePlugin, list, grep, glob, bashPlugin(locateShellGrammar), todoWrite, askUser, recallContext, memoryRead, memoryWrite, task, webFetch];
