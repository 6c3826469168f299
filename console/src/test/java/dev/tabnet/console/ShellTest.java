package dev.tabnet.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShellTest {
    private final ScreenModel screen = new ScreenModel();
    private final Shell shell = new Shell(screen, "tabnet 9.9.9 (test)");

    @Test
    void typedCharactersEchoOnThePromptLine() {
        shell.start("");
        shell.input("hello wörld ✓");
        assertEquals(Shell.PROMPT + "hello wörld ✓", screen.currentLine());
    }

    @Test
    void versionPrintsTheVersion() {
        shell.start("");
        shell.input("version\r");
        assertEquals(Shell.PROMPT + "version", screen.line(0));
        assertEquals("tabnet 9.9.9 (test)", screen.line(1));
        assertEquals(Shell.PROMPT, screen.line(2));
    }

    @Test
    void helpListsEveryCommand() {
        shell.start("");
        shell.input("help\r");
        String text = screen.text();
        for (String name : new String[] {"help", "version", "clear"}) assertTrue(text.contains("  " + name), text);
    }

    @Test
    void unknownCommandIsReported() {
        shell.start("");
        shell.input("frobnicate\r");
        assertEquals("unknown command: frobnicate (try `help`)", screen.line(1));
    }

    @Test
    void lineEditingMovesTheCursorAndInsertsInTheMiddle() {
        shell.start("");
        shell.input("vrsion");
        shell.input("\u001b[D\u001b[D\u001b[D\u001b[D\u001b[D"); // 5 x Left: cursor after 'v'
        shell.input("e");
        assertEquals(Shell.PROMPT + "version", screen.currentLine());
        assertEquals(Shell.PROMPT.length() + 2, screen.cursorColumn());
        shell.input("\r");
        assertEquals("tabnet 9.9.9 (test)", screen.line(1));
    }

    @Test
    void aLoneEscDoesNotSwallowTheNextControlKey() {
        shell.start("");
        shell.input("abc");
        shell.input("\u001b");      // Esc from the phone key bar, alone
        shell.input("\u0015xy\r"); // then Ctrl-U clears the line
        assertTrue(screen.text().contains("unknown command: xy"), screen.text());
        shell.input("\u001b\u001b[Dz\r"); // Esc, then a real left-arrow sequence: the arrow still works
        assertTrue(screen.text().contains("unknown command: z"), screen.text());
    }

    @Test
    void backspaceAndCtrlUEdit() {
        shell.start("");
        shell.input("versionx\u007f");
        assertEquals(Shell.PROMPT + "version", screen.currentLine());
        shell.input("\u0015");
        assertEquals(Shell.PROMPT, screen.currentLine());
    }

    @Test
    void historyRecallsPreviousLines() {
        shell.start("");
        shell.input("version\r");
        shell.input("\u001b[A");
        assertEquals(Shell.PROMPT + "version", screen.currentLine());
    }

    @Test
    void tabCompletesCommandNames() {
        shell.start("");
        shell.input("ver\t");
        assertEquals(Shell.PROMPT + "version ", screen.currentLine());
    }

    @Test
    void pastedLinesRunOneByOne() {
        shell.start("");
        shell.input("version\r\nversion\r\n");
        assertEquals("tabnet 9.9.9 (test)", screen.line(1));
        assertEquals("tabnet 9.9.9 (test)", screen.line(3));
    }

    @Test
    void foregroundJobReceivesRawKeysUntilFinished() {
        StringBuilder got = new StringBuilder();
        shell.register(new Command() {
            @Override public String name() { return "cat"; }
            @Override public String summary() { return "echo keys until q"; }
            @Override public Job run(java.util.List<String> args, CommandContext ctx) {
                return data -> {
                    got.append(data);
                    if (data.contains("q")) ctx.finish();
                };
            }
        });
        shell.start("");
        shell.input("cat\r");
        assertTrue(shell.busy());
        shell.input("ab\u0003q");
        assertEquals("ab\u0003q", got.toString());
        assertTrue(!shell.busy());
        assertEquals(Shell.PROMPT, screen.currentLine());
    }
}
