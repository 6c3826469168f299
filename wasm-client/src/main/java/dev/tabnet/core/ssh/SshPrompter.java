package dev.tabnet.core.ssh;

import java.util.function.Consumer;

/**
 * Secrets the server asks for during user authentication. Answers may come later (the console asks
 * the user); answering null gives up that method and the client tries the next one.
 */
public interface SshPrompter {
    void password(String user, String host, Consumer<String> answer);

    /** One keyboard-interactive round (RFC 4256 §3.2): one response per prompt. */
    void keyboardInteractive(String name, String instruction, String[] prompts, boolean[] echo, Consumer<String[]> answer);

    /** Answers with a fixed password, for the password method and for every hidden keyboard-interactive prompt. */
    static SshPrompter fixedPassword(String password) {
        return new SshPrompter() {
            @Override
            public void password(String user, String host, Consumer<String> answer) {
                answer.accept(password);
            }

            @Override
            public void keyboardInteractive(String name, String instruction, String[] prompts, boolean[] echo, Consumer<String[]> answer) {
                String[] out = new String[prompts.length];
                for (int i = 0; i < prompts.length; i++) {
                    if (echo[i]) {
                        answer.accept(null); // a visible question we cannot answer: not a password prompt
                        return;
                    }
                    out[i] = password;
                }
                answer.accept(out);
            }
        };
    }
}
