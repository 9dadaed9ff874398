"""Warm kernels: a build process starts its Jupyter kernel once, and resets it between pages.

A new kernel per page costs its start and the imports of pandas, matplotlib and the package
(about 1.2 s), when a page's cells take 0.1 to 0.4 s. A build process (a worker of
:func:`analysis.engine.workers.run_tasks` with ``reuse``, a Dask worker) keeps one kernel
instead (:func:`warm_kernel`, one per thread): started with the sections' modules imported,
then, before each page, put back as a new kernel would be (:mod:`analysis.engine.kernel_state`
says what is reset, ``tests/test_warm_kernels.py`` checks nothing leaks from one page to the
next and that the pages are the same bytes as with a new kernel each).

Papermill opens its own client on the kernel for each page; that client is ready as soon as
the kernel has answered on both channels (:class:`_PageClient`), without jupyter_client's
0.2 s wait for silence, which was most of what the engine added to a page's cells.

A kernel that died (a page that exhausted memory, a ``kill``) is replaced by a new one at the
next page. A page that passes its deadline has its whole process killed by the runner, kernel
included (the kernel notices its parent is gone and stops).
"""

from __future__ import annotations

import importlib.util
import os
import queue
import threading
import time

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

from analysis.core.paths import PROJECT_ROOT

KERNEL_LANGUAGE = "python"
# imported once per kernel: what the notebooks import (every section and its display)
WARM_MODULES = ["pandas", "numpy", "matplotlib.pyplot", "seaborn",
                "analysis.figures.record", "analysis.inputs.territories",
                "analysis.engine.kernel_state"]
REPLY_SECONDS = 120  # a warm-up or reset that takes longer: the kernel is stuck
IOPUB_CHECK_SECONDS = 0.2  # jupyter_client's own wait for a new IOPub subscription


class KernelStartError(RuntimeError):
    """The warm kernel did not start, or its warm-up failed."""


class _OneSpec(KernelSpecManager):
    """The build's kernel (the command ``argv``), whatever kernels the machine has."""

    def __init__(self, argv: list[str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.kernel_argv = list(argv)

    def get_kernel_spec(self, kernel_name: str, *args, **kwargs) -> KernelSpec:
        return KernelSpec(argv=self.kernel_argv, display_name="Python (analysis)",
                          language=KERNEL_LANGUAGE)


class _PageClient(AsyncKernelClient):
    """The client papermill makes for each page of a warm kernel. Ready as jupyter_client's
    own is (the kernel answered ``kernel_info`` on its shell channel, and the IOPub stream,
    whose new subscription may miss the first messages, brought that request's messages),
    but without its last step: listening 0.2 s for IOPub to fall silent, a fifth of a second
    per page. The request's messages are read up to its ``idle`` status, the last one the
    kernel sends for it; nothing else runs in the kernel meanwhile (its reset has ended)."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (timeout if timeout is not None else float("inf"))
        while True:
            request = self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except queue.Empty:
                reply = None
            if (reply is not None and reply["msg_type"] == "kernel_info_reply"
                    and await self._iopub_ended(request, IOPUB_CHECK_SECONDS)):
                self._handle_kernel_info_reply(reply)
                return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")

    async def _iopub_ended(self, request: str, seconds: float) -> bool:
        """Whether IOPub brings the ``idle`` status of ``request`` within ``seconds`` (if it
        was not yet connected, it missed it: the caller asks again)."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            try:
                message = await self.iopub_channel.get_msg(timeout=left)
            except queue.Empty:
                return False
            if (message["msg_type"] == "status"
                    and message["content"].get("execution_state") == "idle"
                    and message["parent_header"].get("msg_id") == request):
                return True
        return False


class _Manager(AsyncKernelManager):
    """Remembers the clients papermill makes, so that their sockets are closed after the
    page (papermill leaves open the client of a kernel it does not own)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.client_factory = _PageClient
        self.made_clients: list = []

    def client(self, **kwargs):
        made = super().client(**kwargs)
        self.made_clients.append(made)
        return made

    def close_clients(self) -> None:
        for made in self.made_clients:
            made.stop_channels()
        self.made_clients = []


def section_modules() -> list[str]:
    """Every section package and its display module (what the notebooks import)."""
    from analysis.core.specs import section_specs

    names = list(section_specs()) + list(section_specs(scope="all"))
    return [m for n in names for m in (f"analysis.sections.{n}",
                                       f"analysis.sections.{n}.display")]


class WarmKernel:
    """One kernel, started with :data:`WARM_MODULES` and the sections imported."""

    def __init__(self, argv: list[str], start_seconds: float) -> None:
        self.km = _Manager(kernel_name="analysis-warm", kernel_spec_manager=_OneSpec(argv))
        self.start_seconds = start_seconds
        self.pages = 0
        run_sync(self.km.start_kernel)(cwd=str(PROJECT_ROOT),
                                       extra_arguments=["--HistoryManager.hist_file=:memory:"])
        self.client = self.km.blocking_client()  # the runner's own: warm-up and resets
        self.client.start_channels()
        try:
            self.client.wait_for_ready(timeout=start_seconds)
            modules = WARM_MODULES + [m for m in section_modules()
                                      if importlib.util.find_spec(m) is not None]
            self._run("import importlib\n"
                      f"for _name in {modules!r}:\n"
                      "    importlib.import_module(_name)\n"
                      "import analysis.engine.kernel_state as _state\n"
                      "_state.remember()\n"
                      "del importlib, _name, _state", start_seconds)
        except Exception:
            self.stop()
            raise

    def _run(self, code: str, seconds: float) -> None:
        """Run ``code`` silently (no output, no execution number); raise if it fails."""
        try:
            reply = self.client.execute_interactive(
                code, silent=True, store_history=False, timeout=seconds,
                output_hook=lambda msg: None)
        except (RuntimeError, TimeoutError, queue.Empty) as exc:
            raise KernelStartError(f"le noyau ne répond pas : {exc}") from exc
        if reply["content"]["status"] != "ok":
            content = reply["content"]
            raise KernelStartError(f"{content.get('ename')}: {content.get('evalue')}")

    def alive(self) -> bool:
        return bool(run_sync(self.km.is_alive)())

    def prepare(self) -> None:
        """Before a page: the kernel put back as new (:func:`kernel_state.reset`), with this
        process's environment variables (a new kernel inherits them)."""
        environ = dict(os.environ)
        self._run("import analysis.engine.kernel_state as _state\n"
                  f"_state.reset({environ!r})", REPLY_SECONDS)
        self.pages += 1

    def after_page(self) -> None:
        self.km.close_clients()

    def stop(self) -> None:
        self.km.close_clients()
        if getattr(self, "client", None) is not None:
            self.client.stop_channels()
        try:
            run_sync(self.km.shutdown_kernel)(now=True)
        except Exception:  # noqa: BLE001 - already dead: nothing to stop
            pass


_threads = threading.local()
_every: list[WarmKernel] = []  # every thread's, for the end of the process
_every_lock = threading.Lock()


def warm_kernel(argv: list[str], start_seconds: float) -> WarmKernel:
    """This thread's warm kernel, started (again) if it has none or it died."""
    kernel = getattr(_threads, "kernel", None)
    if kernel is not None and not kernel.alive():
        kernel.stop()
        kernel = None
    if kernel is None:
        kernel = WarmKernel(argv, start_seconds)
        _threads.kernel = kernel
        with _every_lock:
            _every.append(kernel)
    return kernel


def stop_warm_kernel() -> None:
    """Stop this thread's warm kernel (it died, or is in an unknown state)."""
    kernel = getattr(_threads, "kernel", None)
    if kernel is not None:
        kernel.stop()
        _threads.kernel = None
        with _every_lock:
            _every.remove(kernel)


def stop_warm_kernels() -> None:
    """Stop the warm kernels of every thread of this process (the end of a build process,
    of a Dask worker)."""
    with _every_lock:
        every = list(_every)
        _every.clear()
    for kernel in every:
        kernel.stop()
    _threads.kernel = None


def pages_served() -> int:
    """How many pages this thread's warm kernel has run (0: none, or no warm kernel)."""
    kernel = getattr(_threads, "kernel", None)
    return kernel.pages if kernel is not None else 0
