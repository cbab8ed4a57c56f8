# Kazasu — one entry point for set-up, tests, benchmarks and the demo.
# `make run` and `make test` work on a fresh Debian/Ubuntu machine: the first call
# installs the Debian packages (when run as root), makes .venv and installs the project.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Debian packages the project needs: the PC/SC stack with the virtual reader driver (and
# what pyscard compiles against), the zbar library for QR decoding, PostgreSQL for the platform,
# and what Qt needs to draw the screens (offscreen too) with Japanese glyphs and those of the
# residents' languages (Hangul, simplified Chinese, Vietnamese), and on an X display
# every library its xcb platform plugin loads (`ldd` on PySide6's libqxcb.so; Qt's own message
# when one is missing names none of them); Node.js builds the citizen pages' front-end, headless
# Chromium tests them; OpenSC checks that its JPKI driver binds the virtual card, and SoftHSM2 is
# the PKCS#11 token the platform's key-encryption key is tested on. The C compiler, make,
# pkg-config and patch build vpcd's driver with our polling function (packaging/vpcd).
# libsodium is online voting's group arithmetic (linkage/evote/group.py, through pysodium).
APT_PACKAGES := pcscd vsmartcard-vpcd opensc libpcsclite-dev swig libzbar0 libsodium23 postgresql \
  gcc libc6-dev make pkg-config patch \
  fonts-ipafont-gothic fonts-noto-cjk fonts-dejavu-core libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 \
  libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 \
  libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 \
  libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0 \
  nodejs chromium softhsm2
# mypy --strict over everything that ships and what checks it (tests/, benchmarks/, devtools/ too),
# with the same settings throughout.
TYPED := $(wildcard kazasu_protocol kiosk sync cardio linkage ui devtools tests benchmarks)
DATA ?= $(CURDIR)/.demo-data
NAME ?=

.PHONY: all setup apt vpcd run test lint typecheck pytest bench clean translations messages screenshots web dist dist-bundle web-screenshots

all: setup translations

setup: $(STAMP) web vpcd

# The citizen pages' front-end (linkage/web/frontend): npm packages from the committed lock
# file, bundled by esbuild into linkage/web/static/dist (built, not committed).
WEB := linkage/web/frontend
WEB_DIST := linkage/web/static/dist/.built
web: $(WEB_DIST)

$(WEB_DIST): $(WEB)/package.json $(WEB)/package-lock.json $(wildcard $(WEB)/src/*) $(wildcard $(WEB)/src/*/*)
	@command -v npm >/dev/null || { if [ "$$(id -u)" = "0" ]; then \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm; \
	  else echo "npm is missing. Run as root: sudo apt-get install -y npm"; exit 1; fi; }
	cd $(WEB) && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build
	touch $@

# Qt translations, compiled from the .ts sources (the .qm files are not committed).
QM := $(patsubst %.ts,%.qm,$(wildcard resources/i18n/*.ts))
# The core's message catalogue (kiosk/i18n.py: the errors of kiosk/ and cardio/, what
# kazasu-kiosk and kazasu-card say), one gettext .po per language, compiled to .mo likewise.
CORE_I18N := resources/i18n/core
MO := $(patsubst %.po,%.mo,$(wildcard $(CORE_I18N)/*.po))
# The calls whose string argument is a message: N_() marks, translate(), and the error types.
CORE_KEYWORDS := N_ translate KioskError InvalidInput NotFound Refused:2 StoreError StoreDamaged \
  StoreKeyError WrongKey WrongPassphrase NoPassphrase CommandFailed:2 _fail:3 CardDataError \
  CertificateFormatError OversizedResponseError TruncatedResponseError BackupFailed:3 AnswerNotTaken
translations: $(QM) $(MO)

resources/i18n/%.qm: resources/i18n/%.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

$(CORE_I18N)/%.mo: $(CORE_I18N)/%.po $(STAMP)
	$(BIN)/pybabel -q compile -i $< -o $@

# `make messages`: the core's English messages (of sync/ only its commands and the card answer's
# post: its other errors carry the platform's words) extracted again into kazasu.pot and merged
# into every language's .po (new ones untranslated, vanished ones dropped); then translate and
# commit.
messages: $(STAMP)
	$(BIN)/pybabel -q extract --no-location --sort-output --no-default-keywords \
	  $(addprefix -k ,$(CORE_KEYWORDS)) --project=Kazasu -o $(CORE_I18N)/kazasu.pot kiosk cardio sync/*cli.py sync/websignin.py
	for po in $(CORE_I18N)/*.po; do \
	  $(BIN)/pybabel -q update --no-fuzzy-matching --ignore-obsolete -i $(CORE_I18N)/kazasu.pot \
	    -l $$(basename $$po .po) -o $$po; \
	done

apt:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends$$missing; \
	else \
	  echo "Missing Debian packages. Run as root:"; \
	  echo "  sudo apt-get install -y$$missing"; exit 1; \
	fi

# vpcd's driver rebuilt from Debian's source with our polling function, in place of the package's
# (packaging/vpcd/install.sh; docs/card.md): pcscd then hears of a virtual card coming or going at
# once instead of asking every 400 ms. Nothing to do when it is installed; without root, the
# package's driver keeps working and this says how to install ours.
vpcd: $(STAMP)
	@sh packaging/vpcd/install.sh --check || if [ "$$(id -u)" = "0" ]; then \
	  sh packaging/vpcd/install.sh; \
	else \
	  echo "vpcd's driver polls every 400 ms. For ours, run as root: sudo sh packaging/vpcd/install.sh"; \
	fi

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory apt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

# `make dist`: the kiosk as it ships to Windows, built here for Linux so that every CI run proves
# the build: the PyInstaller bundle (installer.spec) in dist/kazasu, both of its programs running
# their self-test frozen (build/check_frozen.py), and the Windows installer script compiled by
# Debian's makensis against that bundle. The real installer is built by
# .github/workflows/windows-installer.yml. PyInstaller works in .pyinstaller-work/.
DIST_APT_PACKAGES := nsis
DIST_STAMP := $(VENV)/.installed-dist
BUNDLE := dist/kazasu
PYINSTALLER_WORK := .pyinstaller-work
VERSION = $(shell sed -n 's/^version = "\(.*\)"$$/\1/p' pyproject.toml)

$(DIST_STAMP): $(STAMP) pyproject.toml
	@$(MAKE) --no-print-directory apt APT_PACKAGES="$(DIST_APT_PACKAGES)"
	$(BIN)/python -m pip install -q -e '.[dev,dist]'
	touch $@

dist: dist-bundle
	$(BIN)/python build/check_frozen.py $(BUNDLE)
	makensis -V2 -WX -DCHECK_ONLY -DVERSION=$(VERSION) -DDIST=$(CURDIR)/$(BUNDLE) \
	  -DOUTFILE=$(CURDIR)/$(PYINSTALLER_WORK)/installer-check.exe build/windows/kazasu.nsi
	rm -f $(PYINSTALLER_WORK)/installer-check.exe

dist-bundle: $(DIST_STAMP) translations
	$(BIN)/pyinstaller installer.spec --noconfirm --log-level WARN \
	  --distpath dist --workpath $(PYINSTALLER_WORK)

run: $(STAMP) translations web vpcd
	KAZASU_PASSPHRASE=$${KAZASU_PASSPHRASE:-demo-passphrase} $(BIN)/python -m devtools.demo --data $(DATA)

screenshots: $(STAMP) translations web-screenshots
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m devtools.screenshots docs/screenshots

# The citizen web's pages at phone and desktop widths (headless Chromium, a real platform).
web-screenshots: $(STAMP) web
	$(BIN)/python -m tests.integration.citizen_web docs/screenshots
	$(BIN)/python -m tests.integration.shelter_map docs/screenshots
	$(BIN)/python -m tests.integration.hq_world docs/screenshots

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy --strict $(TYPED)

# The suite on TEST_WORKERS processes (pytest-xdist): most tests wait on a platform process,
# PostgreSQL or Chromium, so two workers on two cores take little more than half the time. The
# tests through pcscd run afterwards on their own: the virtual reader is one for the machine, and
# any kiosk started meanwhile by another test would read the card they put on it.
TEST_WORKERS ?= 2
pytest: $(STAMP) translations web vpcd
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) -m "not pcsc"
	$(BIN)/python -m pytest -q -m pcsc

test: lint typecheck pytest

bench: $(STAMP) translations vpcd
	$(BIN)/python -m benchmarks $(NAME)

clean:
	rm -rf $(VENV) dist $(PYINSTALLER_WORK) .demo-data .demo-data-cards resources/i18n/*.qm linkage/web/static/dist $(WEB)/node_modules .mypy_cache .pytest_cache .ruff_cache benchmarks/results
