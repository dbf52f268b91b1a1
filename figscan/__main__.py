from figscan.cli import main

raise SystemExit(main())
