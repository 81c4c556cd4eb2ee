#!/usr/bin/env bash
# Rebuilds these fixtures from Debian's mate-backgrounds (nature/Storm.jpg and nature/GreenMeadow.jpg, GPL-2+,
# Copyright 2008 Patryk Zawadzki et al.): apt-get install -y mate-backgrounds, then run this from the repo root.
set -euo pipefail
cd "$(dirname "$0")/../../../../.."
mvn -q -B test-compile
java -cp target/test-classes:target/classes dev.winnow.screen.MakeFixtures /usr/share/backgrounds/mate/nature src/test/resources/screen/debian
